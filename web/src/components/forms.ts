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

/** Moves focus to the first input marked invalid, so keyboard and screen-reader users land on the problem. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
}
