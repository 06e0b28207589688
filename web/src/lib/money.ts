/**
 * Money is integer minor units (fen for CNY) everywhere; these turn it into text for people
 * and turn what people type ("19.90") back into exact minor units, without floating point.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, format);
  }
  return format;
}

/** How many digits the currency has after the point (2 for CNY, 0 for JPY). */
export function fractionDigits(currency: string): number {
  return formatter('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as a plain decimal string: 1990 → "19.90" for CNY, 500 → "500" for JPY. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  const negative = minor < 0;
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = digits ? text.slice(0, -digits) : text;
  const fraction = digits ? `.${text.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** 1990 CNY → "¥19.90" (zh-CN) or "CN¥19.90" (en). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  // A decimal string keeps every digit exact; Intl accepts it as a numeric string.
  return formatter(locale, currency).format(minorToDecimal(minor, currency) as unknown as number);
}

/** Money for a short label, without a zero fraction: 5000 CNY → "¥50", 1990 → "¥19.90". */
export function formatMoneyShort(minor: number, currency: string, locale: string): string {
  const unit = 10 ** fractionDigits(currency);
  if (minor % unit !== 0) return formatMoney(minor, currency, locale);
  const key = `${locale}|${currency}|whole`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    formatters.set(key, format);
  }
  return format.format(minor / unit);
}

/** "¥19.90" or "¥19.90 – ¥29.90" for a range. */
export function formatPriceRange(min: number, max: number, currency: string, locale: string): string {
  return min === max ? formatMoney(min, currency, locale) : `${formatMoney(min, currency, locale)} – ${formatMoney(max, currency, locale)}`;
}

/** Full-width digits and point (from a Chinese keyboard) to ASCII. */
function halfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

export const MAX_PRICE_MINOR = 1_000_000_000_000;

/**
 * What someone typed as a price, in minor units: "19.9" → 1990, "20" → 2000, "¥1,299.00" →
 * 129900. Undefined when it is not a non-negative amount with at most the currency's digits.
 */
export function parseMoneyInput(input: string, currency: string): number | undefined {
  const digits = fractionDigits(currency);
  const text = halfWidth(input)
    .trim()
    .replace(/^[¥￥$€£]|[,\s]/g, '');
  const pattern = digits > 0 ? new RegExp(`^(\\d+)(?:\\.(\\d{0,${digits}}))?$`) : /^(\d+)$/;
  const match = pattern.exec(text);
  if (!match) return undefined;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  const minor = Number(`${whole}${fraction}`.replace(/^0+(?=\d)/, ''));
  if (!Number.isSafeInteger(minor) || minor > MAX_PRICE_MINOR) return undefined;
  return minor;
}

/** A whole number typed by a person (stock, grams), or undefined. */
export function parseWholeNumber(input: string, { min = 0, max = 1_000_000_000 } = {}): number | undefined {
  const text = halfWidth(input).trim().replace(/[,\s]/g, '');
  if (!/^-?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** The currency's symbol as the locale writes it, e.g. "¥". */
export function currencySymbol(currency: string, locale: string): string {
  return (
    formatter(locale, currency)
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value ?? currency
  );
}
