import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateStore } from '../../api/stores.js';
import { Field, SelectField, TextAreaField } from '../../components/Field.js';
import { type FieldErrors, focusFirstInvalid, showFormError } from '../../components/forms.js';
import { FormAlert } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSellerStore } from './context.js';
import { COUNTRIES, CURRENCIES, countryName, currencyName, withCurrent } from './regions.js';

const FIELDS = ['name', 'description', 'country', 'currency'] as const;
type FieldName = (typeof FIELDS)[number];

export function StoreSettings() {
  const { t, i18n } = useTranslation();
  const { store, role } = useSellerStore();
  const update = useUpdateStore(store.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({
    name: store.name,
    description: store.description,
    country: store.country,
    currency: store.currency,
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const owner = role === 'owner';
  usePageTitle(`${t('seller.nav.settings')} · ${store.name}`);

  const set = (name: FieldName, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setSaved(false);
    if (fieldErrors[name]) setFieldErrors((current) => ({ ...current, [name]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    if (!values.name.trim()) {
      setFieldErrors({ name: t('validation.required') });
      return focusFirstInvalid(formRef.current);
    }
    const changes: Partial<typeof values> = {};
    for (const name of FIELDS) if (values[name] !== store[name]) changes[name] = name === 'name' ? values.name.trim() : values[name];
    update.mutate(changes, {
      onSuccess: () => setSaved(true),
      onError: (error) => {
        showFormError(t, error, FIELDS, { setFieldErrors, setFormError, element: formRef.current });
      },
    });
  };

  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <h1>{t('settings.title')}</h1>
        <p className="card__hint">{owner ? t('settings.lead') : t('settings.staffLead')}</p>
      </header>
      <form ref={formRef} className="card form" onSubmit={submit} noValidate>
        <FormAlert message={formError} />
        <fieldset className="plain-fieldset" disabled={!owner}>
          <div className="form">
            <Field
              label={t('openStore.name')}
              name="name"
              maxLength={60}
              value={values.name}
              onChange={(event) => set('name', event.target.value)}
              error={fieldErrors.name}
            />
            <div className="field">
              <span className="field__label">{t('openStore.handle')}</span>
              <p className="settings__fixed">
                <code>/s/{store.handle}</code>
              </p>
              <p className="field__hint">{t('settings.handleFixed')}</p>
            </div>
            <TextAreaField
              label={t('openStore.description')}
              name="description"
              optional
              maxLength={2000}
              rows={4}
              value={values.description}
              onChange={(event) => set('description', event.target.value)}
              error={fieldErrors.description}
            />
            <div className="form-row">
              <SelectField
                label={t('openStore.country')}
                name="country"
                value={values.country}
                onChange={(event) => set('country', event.target.value)}
                error={fieldErrors.country}
              >
                {withCurrent(COUNTRIES, store.country).map((code) => (
                  <option key={code} value={code}>
                    {countryName(code, i18n.language)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('openStore.currency')}
                name="currency"
                value={values.currency}
                onChange={(event) => set('currency', event.target.value)}
                error={fieldErrors.currency}
                hint={t('settings.currencyHint')}
              >
                {withCurrent(CURRENCIES, store.currency).map((code) => (
                  <option key={code} value={code}>
                    {code} · {currencyName(code, i18n.language)}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="field">
              <span className="field__label">{t('openStore.type')}</span>
              <p className="settings__fixed">{t(`storeTypes.${store.type}.name`)}</p>
            </div>
          </div>
        </fieldset>
        {owner ? (
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={update.isPending}>
              {update.isPending ? t('account.saving') : t('account.save')}
            </button>
            <span className="status-text" role="status">
              {saved ? t('account.saved') : ''}
            </span>
          </div>
        ) : null}
      </form>
    </div>
  );
}
