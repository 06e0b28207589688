import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMe, useSignUp } from '../../api/accounts.js';
import { EmailField, Field, PasswordField } from '../../components/Field.js';
import { type FieldErrors, focusFirstInvalid, looksLikeEmail, showFormError } from '../../components/forms.js';
import { safeNext } from '../../components/RequireAuth.js';
import { FormAlert } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { currentLocale } from '../../i18n/index.js';
import '../../styles/auth.css';

const FIELDS = ['email', 'password', 'display_name'] as const;
type FieldName = (typeof FIELDS)[number];

const PASSWORD_MIN_LENGTH = 8;

export function SignUp() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useMe();
  const signUp = useSignUp();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: '', password: '', display_name: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [formError, setFormError] = useState<string>();
  const next = safeNext(params.get('next'));
  usePageTitle(t('signUp.submit'));

  if (me.data) return <Navigate to={next} replace />;

  const change = (name: FieldName) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [name]: event.target.value }));
    if (fieldErrors[name]) setFieldErrors((current) => ({ ...current, [name]: undefined }));
  };

  const validate = (): FieldErrors<FieldName> => {
    const errors: FieldErrors<FieldName> = {};
    if (!values.email.trim()) errors.email = t('validation.required');
    else if (!looksLikeEmail(values.email)) errors.email = t('validation.email');
    if (!values.password) errors.password = t('validation.required');
    else if (values.password.length < PASSWORD_MIN_LENGTH) errors.password = t('validation.passwordTooShort');
    if (values.display_name.trim().length > 80) errors.display_name = t('validation.tooLong');
    return errors;
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(undefined);
    const errors = validate();
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return focusFirstInvalid(formRef.current);
    const displayName = values.display_name.trim();
    signUp.mutate(
      {
        email: values.email.trim(),
        password: values.password,
        ...(displayName ? { display_name: displayName } : {}),
        locale: currentLocale(),
      },
      {
        onError: (error) => {
          showFormError(t, error, FIELDS, { setFieldErrors, setFormError, element: formRef.current });
        },
      },
    );
  };

  return (
    <div className="auth">
      <header className="auth__header">
        <h1>{t('signUp.title')}</h1>
        <p className="auth__subtitle">{t('signUp.subtitle')}</p>
      </header>
      <form ref={formRef} className="card auth__card" onSubmit={submit} noValidate>
        <FormAlert message={formError} />
        <EmailField
          label={t('fields.email')}
          name="email"
          autoComplete="email"
          required
          value={values.email}
          onChange={change('email')}
          error={fieldErrors.email}
        />
        <PasswordField
          label={t('fields.password')}
          name="password"
          autoComplete="new-password"
          required
          value={values.password}
          onChange={change('password')}
          hint={t('fields.passwordHint')}
          error={fieldErrors.password}
        />
        <Field
          label={t('fields.displayName')}
          name="display_name"
          autoComplete="nickname"
          maxLength={80}
          optional
          value={values.display_name}
          onChange={change('display_name')}
          hint={t('fields.displayNameHint')}
          error={fieldErrors.display_name}
        />
        <button type="submit" className="btn btn--primary btn--block" disabled={signUp.isPending}>
          {signUp.isPending ? t('signUp.submitting') : t('signUp.submit')}
        </button>
      </form>
      <p className="auth__switch">
        {t('signUp.haveAccount')}
        <Link to={params.get('next') ? `/signin?next=${encodeURIComponent(next)}` : '/signin'}>{t('signUp.signInLink')}</Link>
      </p>
    </div>
  );
}
