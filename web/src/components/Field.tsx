import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  name: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  /** Something shown inside the input's box, after the text (a show-password button). */
  trailing?: ReactNode;
}

/** A labelled input with its hint and, below it, the error that belongs to it. */
export function Field({ label, hint, error, optional, trailing, className, ...input }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional">{t('common.optional')}</span> : null}
      </label>
      <div className="field__control">
        <input id={id} className="field__input" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
        {trailing}
      </div>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId} data-field-error={input.name}>
          <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor">
            <path d="M10 1.8a8.2 8.2 0 1 0 0 16.4 8.2 8.2 0 0 0 0-16.4zm-.9 4.1h1.8v5.3H9.1zm0 6.8h1.8v1.8H9.1z" />
          </svg>
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}

type EmailFieldProps = Omit<FieldProps, 'type' | 'inputMode' | 'autoCapitalize' | 'spellCheck'>;

/** An e-mail address: the e-mail keyboard on phones, no capitals, no spell check. */
export function EmailField(props: EmailFieldProps) {
  return <Field {...props} type="email" inputMode="email" autoCapitalize="off" spellCheck={false} />;
}

type PasswordFieldProps = Omit<FieldProps, 'type' | 'trailing'>;

export function PasswordField(props: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <Field
      {...props}
      type={visible ? 'text' : 'password'}
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      trailing={
        <button
          type="button"
          className="field__reveal"
          onClick={() => setVisible((value) => !value)}
          aria-pressed={visible}
          aria-label={visible ? t('fields.hidePassword') : t('fields.showPassword')}
          title={visible ? t('fields.hidePassword') : t('fields.showPassword')}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
            <circle cx="12" cy="12" r="3" />
            {visible ? null : <path d="M4 4l16 16" />}
          </svg>
        </button>
      }
    />
  );
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  optional,
  name,
  className,
  counter,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean | undefined;
  name: string;
  className?: string | undefined;
  counter?: string | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional">{t('common.optional')}</span> : null}
        {counter ? <span className="field__counter">{counter}</span> : null}
      </label>
      <div className="field__control">{children}</div>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} data-field-error={name}>
          <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="currentColor">
            <path d="M10 1.8a8.2 8.2 0 1 0 0 16.4 8.2 8.2 0 0 0 0-16.4zm-.9 4.1h1.8v5.3H9.1zm0 6.8h1.8v1.8H9.1z" />
          </svg>
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
}

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  name: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  /** Shows "12/200" beside the label when the field has a maxLength. */
  showCount?: boolean;
}

export function TextAreaField({ label, hint, error, optional, className, showCount, ...input }: TextAreaFieldProps) {
  const id = useId();
  const length = typeof input.value === 'string' ? Array.from(input.value).length : 0;
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      error={error}
      optional={optional}
      name={input.name}
      className={className}
      counter={showCount && input.maxLength ? `${length}/${input.maxLength}` : undefined}
    >
      <textarea
        id={id}
        className="field__input field__textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </FieldFrame>
  );
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  name: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  children: ReactNode;
}

export function SelectField({ label, hint, error, optional, className, children, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional} name={select.name} className={className}>
      <select
        id={id}
        className="field__input field__select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {children}
      </select>
    </FieldFrame>
  );
}
