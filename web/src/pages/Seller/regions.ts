/** Countries and currencies offered when opening a store; names come from the browser's Intl data. */
export const COUNTRIES = [
  'CN',
  'HK',
  'MO',
  'TW',
  'SG',
  'MY',
  'JP',
  'KR',
  'TH',
  'VN',
  'US',
  'CA',
  'GB',
  'DE',
  'FR',
  'IT',
  'ES',
  'NL',
  'AU',
  'NZ',
] as const;
export const CURRENCIES = [
  'CNY',
  'HKD',
  'MOP',
  'TWD',
  'SGD',
  'MYR',
  'JPY',
  'KRW',
  'THB',
  'VND',
  'USD',
  'CAD',
  'GBP',
  'EUR',
  'AUD',
  'NZD',
] as const;

function displayNames(locale: string, type: 'region' | 'currency'): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames([locale], { type });
  } catch {
    return undefined;
  }
}

export function countryName(code: string, locale: string): string {
  return displayNames(locale, 'region')?.of(code) ?? code;
}

export function currencyName(code: string, locale: string): string {
  return displayNames(locale, 'currency')?.of(code) ?? code;
}

/** The list with `current` in it even when it is not one of the usual ones. */
export function withCurrent<T extends string>(list: readonly T[], current: string): string[] {
  return list.includes(current as T) ? [...list] : [current, ...list];
}
