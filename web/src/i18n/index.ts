import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'jishi.locale';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zhCN };
  }
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

function storedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : DEFAULT_LOCALE;
}

function reflectLocale(locale: Locale): void {
  document.documentElement.lang = locale;
}

/** Switches the interface language and remembers it on this device. */
export async function applyLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing may forbid storage; the switch still works for this visit.
  }
  await i18next.changeLanguage(locale);
}

export function initI18n(): typeof i18next {
  i18next.on('languageChanged', (language) => {
    if (isLocale(language)) reflectLocale(language);
  });
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: storedLocale() ?? DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: LOCALES,
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return i18next;
}

type ErrorCode = keyof typeof zhCN.errors;

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(zhCN.errors, code);
}

/** A translated message for an error from the API, falling back to the server's own words. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.internal_error');
  if (error.code === 'too_many_attempts' && error.retryAfter_s !== undefined) {
    return t('errors.too_many_attempts_wait', { seconds: error.retryAfter_s });
  }
  if (isKnownCode(error.code)) return t(`errors.${error.code}`);
  return error.message;
}
