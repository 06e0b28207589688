import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMe, useSignIn } from '../../api/accounts.js';
import { isApiError } from '../../api/client.js';
import { EmailField, PasswordField } from '../../components/Field.js';
import { type FieldErrors, focusFirstInvalid, looksLikeEmail, showFormError } from '../../components/forms.js';
import { safeNext } from '../../components/RequireAuth.js';
import { FormAlert } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import '../../styles/auth.css';

const FIELDS = ['email', 'password'] as const;
type FieldName = (typeof FIELDS)[number];

/** Seconds left before sign-in may be tried again after a 429, counting down once a second. */
function useCountdown(): [number, (seconds: number) => void] {
  const [until_ms, setUntil] = useState(0);
  const [now_ms, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until_ms <= now_ms) return;
    const timer = setTimeout(() => setNow(Date.now()), 250);
    return () => clearTimeout(timer);
  }, [until_ms, now_ms]);
  const left = Math.max(0, Math.ceil((until_ms - now_ms) / 1000));
  const start = (seconds: number) => {
    const now = Date.now();
    setNow(now);
    setUntil(now + seconds * 1000);
  };
  return [left, start];
}

export function SignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useMe();
  const signIn = useSignIn();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [formError, setFormError] = useState<string>();
  const [waitLeft_s, startWait] = useCountdown();
  const next = safeNext(params.get('next'));
  usePageTitle(t('signIn.title'));

  if (me.data) return <Navigate to={next} replace />;

  const change = (name: FieldName) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [name]: event.target.value }));
    // The wait belongs to the account that was tried; another email may be tried at once.
    if (name === 'email' && waitLeft_s > 0) startWait(0);
    if (fieldErrors[name]) setFieldErrors((current) => ({ ...current, [name]: undefined }));
  };

  const validate = (): FieldErrors<FieldName> => {
    const errors: FieldErrors<FieldName> = {};
    if (!values.email.trim()) errors.email = t('validation.required');
    else if (!looksLikeEmail(values.email)) errors.email = t('validation.email');
    if (!values.password) errors.password = t('validation.required');
    return errors;
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(undefined);
    const errors = validate();
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return focusFirstInvalid(formRef.current);
    signIn.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onError: (error) => {
          if (isApiError(error) && error.code === 'too_many_attempts') {
            startWait(error.retryAfter_s ?? 0);
            setFieldErrors({});
            setFormError(undefined);
            return;
          }
          showFormError(t, error, FIELDS, { setFieldErrors, setFormError, element: formRef.current });
        },
      },
    );
  };

  const throttled = waitLeft_s > 0;
  const throttleMessage = throttled ? t('errors.too_many_attempts_wait', { seconds: waitLeft_s }) : undefined;

  return (
    <div className="auth">
      <header className="auth__header">
        <h1>{t('signIn.title')}</h1>
        <p className="auth__subtitle">{params.get('next') ? t('signIn.continueNote') : t('signIn.subtitle')}</p>
      </header>
      <form ref={formRef} className="card auth__card" onSubmit={submit} noValidate>
        <FormAlert message={throttleMessage ?? formError} />
        <EmailField
          label={t('fields.email')}
          name="email"
          autoComplete="username"
          required
          value={values.email}
          onChange={change('email')}
          error={fieldErrors.email}
        />
        <PasswordField
          label={t('fields.password')}
          name="password"
          autoComplete="current-password"
          required
          value={values.password}
          onChange={change('password')}
          error={fieldErrors.password}
        />
        <button type="submit" className="btn btn--primary btn--block" disabled={signIn.isPending || throttled}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="auth__switch">
        {t('signIn.noAccount')}
        <Link to={params.get('next') ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>{t('signIn.signUpLink')}</Link>
      </p>
    </div>
  );
}
