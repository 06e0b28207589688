import type { TFunction } from 'i18next';
import { isApiError } from '../api/client.js';
import { errorMessage } from '../i18n/index.js';

export type FieldErrors<Name extends string> = Partial<Record<Name, string>>;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value.trim());
}

/**
 * Splits an API error into an error beside the field it names (its `param`) and an error for
 * the whole form. A validation failure on a field gets a message about that field.
 */
export function routeError<Name extends string>(
  t: TFunction,
  error: unknown,
  fields: readonly Name[],
): { fieldErrors: FieldErrors<Name>; formError: string | undefined } {
  const param = isApiError(error) ? error.param : undefined;
  const field = fields.find((name) => name === param);
  if (!field || !isApiError(error)) return { fieldErrors: {}, formError: errorMessage(t, error) };
  let message = errorMessage(t, error);
  if (error.code === 'validation_failed') message = field === 'email' ? t('validation.email') : t('validation.invalid');
  return { fieldErrors: { [field]: message } as FieldErrors<Name>, formError: undefined };
}

/**
 * Shows an API error on a form: beside the field it names, or above the form, then moves
 * focus to the problem.
 */
export function showFormError<Name extends string>(
  t: TFunction,
  error: unknown,
  fields: readonly Name[],
  form: {
    setFieldErrors: (errors: FieldErrors<Name>) => void;
    setFormError: (message: string | undefined) => void;
    element: HTMLElement | null;
  },
): void {
  const routed = routeError(t, error, fields);
  form.setFieldErrors(routed.fieldErrors);
  form.setFormError(routed.formError);
  focusFirstInvalid(form.element);
}

/**
 * Like routeError, for forms whose fields are not a fixed list: `hasField(param)` says
 * whether the form shows a field for the error's `param` (e.g. "skus.1.price_minor").
 */
export function routeParamError(
  t: TFunction,
  error: unknown,
  hasField: (param: string) => boolean,
): { fieldErrors: Record<string, string>; formError: string | undefined } {
  const param = isApiError(error) ? error.param : undefined;
  if (!param || !hasField(param)) return { fieldErrors: {}, formError: errorMessage(t, error) };
  const message = isApiError(error) && error.code === 'validation_failed' ? t('validation.invalid') : errorMessage(t, error);
  return { fieldErrors: { [param]: message }, formError: undefined };
}

/** Moves focus to the first input marked invalid, so keyboard and screen-reader users land on the problem. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    // An error for the whole form: bring it into view.
    form?.querySelector<HTMLElement>('[role="alert"]')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}
