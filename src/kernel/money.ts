import { AssertionError, assertSafeInteger } from './assert.js';

/**
 * Money is an integer count of the currency's minor unit (fen, cents, yen) with its
 * ISO 4217 code beside it. Never a float: every operation here keeps amounts integral and
 * inside Number's safe-integer range, and refuses to mix currencies.
 */
export interface Money {
  readonly amount_minor: number;
  readonly currency: string;
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
const minorDigitsCache = new Map<string, number>();

export function isCurrency(code: string): boolean {
  return CURRENCY_PATTERN.test(code) && knownCurrencies.has(code);
}

function assertCurrency(code: string): void {
  if (!isCurrency(code)) throw new AssertionError(`unknown ISO 4217 currency: ${code}`);
}

/** How many decimal digits the currency's minor unit has (CNY 2, JPY 0, KWD 3). */
export function minorUnitDigits(currency: string): number {
  const cached = minorDigitsCache.get(currency);
  if (cached !== undefined) return cached;
  assertCurrency(currency);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  minorDigitsCache.set(currency, digits);
  return digits;
}

export function money(amount_minor: number, currency: string): Money {
  assertSafeInteger(amount_minor, 'amount_minor');
  assertCurrency(currency);
  // Normalise -0 (from 0 * -1 and the like) so equal amounts are always equal values.
  return Object.freeze({ amount_minor: amount_minor === 0 ? 0 : amount_minor, currency });
}

export function zero(currency: string): Money {
  return money(0, currency);
}

function assertSameCurrency(left: Money, right: Money): void {
  if (left.currency !== right.currency) {
    throw new AssertionError(`currency mismatch: ${left.currency} and ${right.currency}`);
  }
}

export function add(left: Money, right: Money): Money {
  assertSameCurrency(left, right);
  return money(left.amount_minor + right.amount_minor, left.currency);
}

export function subtract(left: Money, right: Money): Money {
  assertSameCurrency(left, right);
  return money(left.amount_minor - right.amount_minor, left.currency);
}

export function negate(value: Money): Money {
  return money(-value.amount_minor, value.currency);
}

export function sum(values: readonly Money[], currency: string): Money {
  return values.reduce((total, value) => add(total, value), zero(currency));
}

export function compare(left: Money, right: Money): -1 | 0 | 1 {
  assertSameCurrency(left, right);
  return Math.sign(left.amount_minor - right.amount_minor) as -1 | 0 | 1;
}

export function equals(left: Money, right: Money): boolean {
  return left.currency === right.currency && left.amount_minor === right.amount_minor;
}

/** Rounds a non-integral quotient half to even, the banker's rounding of accounting. */
function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const absoluteNumerator = numerator < 0n ? -numerator : numerator;
  const absoluteDenominator = denominator < 0n ? -denominator : denominator;
  let quotient = absoluteNumerator / absoluteDenominator;
  const remainder2 = (absoluteNumerator % absoluteDenominator) * 2n;
  if (remainder2 > absoluteDenominator || (remainder2 === absoluteDenominator && quotient % 2n === 1n)) {
    quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

/**
 * Multiplies by a rate given in basis points (1/10,000), e.g. a 2.5% commission is 250.
 * Exact: the product is computed in BigInt and rounded half to even once.
 */
export function multiplyBasisPoints(value: Money, basisPoints: number): Money {
  assertSafeInteger(basisPoints, 'basisPoints');
  const product = roundHalfEven(BigInt(value.amount_minor) * BigInt(basisPoints), 10_000n);
  return money(Number(product), value.currency);
}

/** Multiplies by a whole quantity (a unit price times a count). */
export function multiply(value: Money, quantity: number): Money {
  assertSafeInteger(quantity, 'quantity');
  return money(value.amount_minor * quantity, value.currency);
}

/**
 * Splits an amount by integer weights without creating or losing a minor unit: the parts
 * always sum to the whole, the remainder going one unit at a time to the earliest parts.
 */
export function allocate(value: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) throw new AssertionError('allocate needs at least one weight');
  for (const weight of weights) {
    assertSafeInteger(weight, 'weight');
    if (weight < 0) throw new AssertionError('weights must not be negative');
  }
  const totalWeight = weights.reduce((total, weight) => total + weight, 0);
  if (totalWeight === 0) throw new AssertionError('weights must not all be zero');
  const whole = BigInt(value.amount_minor);
  const parts = weights.map((weight) => (whole * BigInt(weight)) / BigInt(totalWeight));
  let remainder = whole - parts.reduce((total, part) => total + part, 0n);
  const step = remainder < 0n ? -1n : 1n;
  for (let index = 0; remainder !== 0n; index = (index + 1) % parts.length) {
    if (weights[index] === 0) continue;
    parts[index] = (parts[index] ?? 0n) + step;
    remainder -= step;
  }
  return parts.map((part) => money(Number(part), value.currency));
}

/** The amount as a plain decimal string in major units, e.g. "12.30" for 1230 CNY fen. */
export function toDecimalString(value: Money): string {
  const digits = minorUnitDigits(value.currency);
  const negative = value.amount_minor < 0;
  const absolute = Math.abs(value.amount_minor)
    .toString()
    .padStart(digits + 1, '0');
  const major = digits === 0 ? absolute : absolute.slice(0, -digits);
  const minor = digits === 0 ? '' : `.${absolute.slice(-digits)}`;
  return `${negative ? '-' : ''}${major}${minor}`;
}

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses "12.3" into 1230 CNY fen. More decimals than the currency has is an error. */
export function parseDecimal(text: string, currency: string): Money {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${text}`);
  const digits = minorUnitDigits(currency);
  const fraction = match[3] ?? '';
  if (fraction.length > digits) {
    throw new RangeError(`${currency} has ${digits} decimal digits, got "${text}"`);
  }
  const minorText = `${match[2]}${fraction.padEnd(digits, '0')}`;
  const amount = Number(minorText);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount too large: ${text}`);
  return money(match[1] && amount !== 0 ? -amount : amount, currency);
}

const formatterCache = new Map<string, Intl.NumberFormat>();

/** Formats for people through Intl, e.g. "¥12.30" in zh-CN or "CN¥12.30" in en. */
export function format(value: Money, locale = 'zh-CN'): string {
  const key = `${locale}|${value.currency}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency });
    formatterCache.set(key, formatter);
  }
  // Intl accepts a decimal string exactly, so no float ever stands between the integer and the text.
  return formatter.format(toDecimalString(value) as unknown as number);
}
