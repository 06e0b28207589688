import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddAddress } from '../../api/buying.js';
import type { Address, AddressInput } from '../../api/buying-types.js';
import { Field, SelectField } from '../../components/Field.js';
import { type FieldErrors, focusFirstInvalid, showFormError } from '../../components/forms.js';
import { FormAlert } from '../../components/Status.js';

const FIELDS = ['recipient', 'phone', 'country', 'region', 'city', 'line1', 'line2', 'postal_code'] as const;
type Name = (typeof FIELDS)[number];
const REQUIRED: readonly Name[] = ['recipient', 'phone', 'city', 'line1'];
const COUNTRIES = ['CN', 'HK', 'MO', 'TW', 'SG', 'MY', 'JP', 'KR', 'US', 'GB', 'DE', 'FR', 'AU', 'CA'];

function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A new address for the address book; the first one becomes the default. */
export function AddressForm({ onSaved, onCancel }: { onSaved: (address: Address) => void; onCancel?: (() => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const add = useAddAddress();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<Name, string>>({
    recipient: '',
    phone: '',
    country: 'CN',
    region: '',
    city: '',
    line1: '',
    line2: '',
    postal_code: '',
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Name>>({});
  const [formError, setFormError] = useState<string>();
  const set = (name: Name) => (event: { target: { value: string } }) => setValues((old) => ({ ...old, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors<Name> = {};
    for (const name of REQUIRED) if (!values[name].trim()) missing[name] = t('validation.required');
    if (values.phone.trim() && !/^[+0-9 ()-]{5,24}$/.test(values.phone.trim())) missing.phone = t('validation.invalid');
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return focusFirstInvalid(formRef.current);
    const input: AddressInput = {
      recipient: values.recipient.trim(),
      phone: values.phone.trim(),
      country: values.country,
      city: values.city.trim(),
      line1: values.line1.trim(),
      region: values.region.trim(),
      line2: values.line2.trim(),
      postal_code: values.postal_code.trim(),
    };
    add.mutate(input, {
      onSuccess: ({ address }) => onSaved(address),
      onError: (error) => showFormError(t, error, FIELDS, { setFieldErrors, setFormError, element: formRef.current }),
    });
  };

  const field = (name: Name, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} name={name} value={values[name]} onChange={set(name)} error={fieldErrors[name]} {...extra} />
  );
  return (
    <form ref={formRef} className="form address-form" onSubmit={submit} noValidate data-testid="address-form">
      <FormAlert message={formError} />
      <div className="form-grid">
        {field('recipient', t('address.recipient'), { autoComplete: 'name', maxLength: 60 })}
        {field('phone', t('address.phone'), { autoComplete: 'tel', inputMode: 'tel', type: 'tel' })}
      </div>
      <div className="form-grid">
        <SelectField label={t('address.country')} name="country" value={values.country} onChange={set('country')}>
          {COUNTRIES.map((code) => (
            <option key={code} value={code}>
              {countryName(code, i18n.language)}
            </option>
          ))}
        </SelectField>
        {field('region', t('address.region'), { optional: true, autoComplete: 'address-level1', maxLength: 60 })}
      </div>
      <div className="form-grid">
        {field('city', t('address.city'), { autoComplete: 'address-level2', maxLength: 60 })}
        {field('postal_code', t('address.postalCode'), { optional: true, autoComplete: 'postal-code', maxLength: 16 })}
      </div>
      {field('line1', t('address.line1'), { autoComplete: 'address-line1', hint: t('address.line1Hint'), maxLength: 200 })}
      {field('line2', t('address.line2'), { optional: true, autoComplete: 'address-line2', maxLength: 200 })}
      <div className="form-buttons">
        <button type="submit" className="btn btn--primary" disabled={add.isPending} data-testid="save-address">
          {add.isPending ? t('address.saving') : t('address.save')}
        </button>
        {onCancel ? (
          <button type="button" className="btn btn--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function addressLines(address: Partial<Address>): string {
  return [address.region, address.city, address.line1, address.line2, address.postal_code].filter(Boolean).join(' ');
}
