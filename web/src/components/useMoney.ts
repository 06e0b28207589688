import { useTranslation } from 'react-i18next';
import { formatMoney, formatPriceRange } from '../lib/money.js';

/** Money formatting in the interface language. */
export function useMoney() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    money: (minor: number, currency: string) => formatMoney(minor, currency, locale),
    range: (min: number, max: number, currency: string) => formatPriceRange(min, max, currency, locale),
  };
}
