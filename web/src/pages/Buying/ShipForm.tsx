import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, SelectField } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { FormAlert } from '../../components/Status.js';
import { errorMessage } from '../../i18n/index.js';

const CARRIERS = ['sf', 'zto', 'yto', 'yunda', 'sto', 'jd', 'ems', 'other'] as const;
type CarrierKey = (typeof CARRIERS)[number];
const TRACKING = /^[A-Za-z0-9-]{4,40}$/;

/**
 * A carrier and a tracking number: the seller's shipment, and the buyer's return parcel.
 * The carrier is sent by its name as shown, since the API takes any carrier's name.
 */
export function ShipForm({
  title,
  submitLabel,
  busy,
  error,
  onSubmit,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (shipment: { carrier: string; tracking_number: string }) => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [carrier, setCarrier] = useState<CarrierKey>('sf');
  const [other, setOther] = useState('');
  const [tracking, setTracking] = useState('');
  const [errors, setErrors] = useState<{ other?: string; tracking?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    const number = tracking.replace(/\s/g, '');
    if (!TRACKING.test(number)) found.tracking = t('ship.trackingInvalid');
    if (carrier === 'other' && !other.trim()) found.other = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formRef.current);
    onSubmit({ carrier: carrier === 'other' ? other.trim() : t(`ship.carriers.${carrier}`), tracking_number: number });
  };

  return (
    <form ref={formRef} className="form ship-form" onSubmit={submit} noValidate data-testid="ship-form">
      <h3>{title}</h3>
      <FormAlert message={error ? errorMessage(t, error) : undefined} />
      <div className="form-grid">
        <SelectField
          label={t('ship.carrier')}
          name="carrier"
          value={carrier}
          onChange={(event) => setCarrier(event.target.value as CarrierKey)}
        >
          {CARRIERS.map((key) => (
            <option key={key} value={key}>
              {t(`ship.carriers.${key}`)}
            </option>
          ))}
        </SelectField>
        {carrier === 'other' ? (
          <Field
            label={t('ship.carrierName')}
            name="carrier_name"
            maxLength={40}
            value={other}
            onChange={(event) => setOther(event.target.value)}
            error={errors.other}
          />
        ) : null}
      </div>
      <Field
        label={t('ship.trackingNumber')}
        name="tracking_number"
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
        maxLength={40}
        hint={t('ship.trackingHint')}
        value={tracking}
        onChange={(event) => setTracking(event.target.value)}
        error={errors.tracking}
      />
      <button type="submit" className="btn btn--primary" disabled={busy} data-testid="ship-submit">
        {busy ? t('ship.submitting') : submitLabel}
      </button>
    </form>
  );
}
