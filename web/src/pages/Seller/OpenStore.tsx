import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useOpenStore } from '../../api/stores.js';
import type { StoreType } from '../../api/types.js';
import { Field, SelectField, TextAreaField } from '../../components/Field.js';
import { type FieldErrors, focusFirstInvalid, showFormError } from '../../components/forms.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { FormAlert } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { COUNTRIES, CURRENCIES, countryName, currencyName } from './regions.js';
import './Seller.css';

const FIELDS = ['name', 'handle', 'description', 'country', 'currency', 'type'] as const;
type FieldName = (typeof FIELDS)[number];
const TYPES: readonly StoreType[] = ['individual', 'brand', 'supplier'];
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,28}[a-z0-9])$/;

/** What a handle may contain, as it is typed: lower case letters, digits and hyphens. */
export function cleanHandle(value: string): string {
  return value
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 30);
}

export function TypeChoice({
  value,
  onChange,
  error,
}: {
  value: StoreType;
  onChange: (type: StoreType) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="type-choice">
      <legend className="field__label">{t('openStore.type')}</legend>
      {TYPES.map((type) => (
        <label key={type} className={`type-choice__option${value === type ? ' type-choice__option--checked' : ''}`}>
          <input type="radio" name="type" value={type} checked={value === type} onChange={() => onChange(type)} />
          <span className="type-choice__text">
            <span className="type-choice__name">{t(`storeTypes.${type}.name`)}</span>
            <span className="type-choice__about">{t(`storeTypes.${type}.about`)}</span>
          </span>
        </label>
      ))}
      {error ? (
        <p className="field__error" data-field-error="type">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function OpenStoreForm() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const open = useOpenStore();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ name: '', handle: '', description: '', country: 'CN', currency: 'CNY' });
  const [type, setType] = useState<StoreType>('individual');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [formError, setFormError] = useState<string>();
  usePageTitle(t('openStore.title'));

  const set = (name: Exclude<FieldName, 'type'>, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    if (fieldErrors[name]) setFieldErrors((current) => ({ ...current, [name]: undefined }));
  };

  const validate = (): FieldErrors<FieldName> => {
    const errors: FieldErrors<FieldName> = {};
    if (!values.name.trim()) errors.name = t('validation.required');
    if (!values.handle) errors.handle = t('validation.required');
    else if (!HANDLE_PATTERN.test(values.handle)) errors.handle = t('openStore.handleInvalid');
    return errors;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const errors = validate();
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return focusFirstInvalid(formRef.current);
    const description = values.description.trim();
    open.mutate(
      {
        name: values.name.trim(),
        handle: values.handle,
        country: values.country,
        currency: values.currency,
        type,
        ...(description ? { description } : {}),
      },
      {
        onSuccess: (store) => navigate(`/seller/${store.id}?opened=1`),
        onError: (error) => {
          showFormError(t, error, FIELDS, { setFieldErrors, setFormError, element: formRef.current });
        },
      },
    );
  };

  return (
    <div className="open-store">
      <Link to="/seller" className="back-link">
        ‹ {t('seller.centre')}
      </Link>
      <header>
        <h1>{t('openStore.title')}</h1>
        <p className="card__hint">{t('openStore.lead')}</p>
      </header>
      <form ref={formRef} className="card form" onSubmit={submit} noValidate>
        <FormAlert message={formError} />
        <Field
          label={t('openStore.name')}
          name="name"
          maxLength={60}
          required
          value={values.name}
          onChange={(event) => set('name', event.target.value)}
          hint={t('openStore.nameHint')}
          error={fieldErrors.name}
        />
        <Field
          label={t('openStore.handle')}
          name="handle"
          required
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          inputMode="url"
          value={values.handle}
          onChange={(event) => set('handle', cleanHandle(event.target.value))}
          hint={t('openStore.handleHint')}
          error={fieldErrors.handle}
        />
        <p className="handle-preview" aria-live="polite">
          <span>{t('openStore.handlePreview')}</span>
          <code>
            {window.location.host}/s/<strong>{values.handle || 'my-shop'}</strong>
          </code>
        </p>
        <TypeChoice value={type} onChange={setType} error={fieldErrors.type} />
        <TextAreaField
          label={t('openStore.description')}
          name="description"
          optional
          maxLength={2000}
          rows={3}
          value={values.description}
          onChange={(event) => set('description', event.target.value)}
          hint={t('openStore.descriptionHint')}
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
            {COUNTRIES.map((code) => (
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
          >
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {code} · {currencyName(code, i18n.language)}
              </option>
            ))}
          </SelectField>
        </div>
        <button type="submit" className="btn btn--primary btn--block" disabled={open.isPending}>
          {open.isPending ? t('openStore.submitting') : t('openStore.submit')}
        </button>
        <p className="open-store__free">{t('openStore.freeNote')}</p>
      </form>
    </div>
  );
}

export function OpenStore() {
  return (
    <RequireAuth>
      <OpenStoreForm />
    </RequireAuth>
  );
}
