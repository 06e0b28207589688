import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert.js';
import {
  add,
  allocate,
  compare,
  format,
  minorUnitDigits,
  money,
  multiply,
  multiplyBasisPoints,
  negate,
  parseDecimal,
  subtract,
  sum,
  toDecimalString,
} from './money.js';

const CURRENCIES = ['CNY', 'USD', 'EUR', 'JPY', 'KWD', 'RUB', 'TRY'];
const amount = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });
const currency = fc.constantFrom(...CURRENCIES);

describe('money', () => {
  it('knows each currency’s minor unit', () => {
    expect(minorUnitDigits('CNY')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('refuses floats, unsafe integers and unknown currencies', () => {
    expect(() => money(1.5, 'CNY')).toThrow(AssertionError);
    expect(() => money(2 ** 53, 'CNY')).toThrow(AssertionError);
    expect(() => money(1, 'XXY')).toThrow(AssertionError);
    expect(() => money(1, 'cny')).toThrow(AssertionError);
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money(1, 'CNY'), money(1, 'USD'))).toThrow(/currency mismatch/);
  });

  it('refuses a sum that leaves the safe-integer range', () => {
    expect(() => add(money(Number.MAX_SAFE_INTEGER, 'CNY'), money(1, 'CNY'))).toThrow(AssertionError);
  });

  it('formats through Intl in both languages', () => {
    expect(format(money(123_456, 'CNY'), 'zh-CN')).toBe('¥1,234.56');
    expect(format(money(123_456, 'CNY'), 'en')).toBe('CN¥1,234.56');
    expect(format(money(1_500, 'JPY'), 'en')).toBe('¥1,500');
    expect(format(money(-5, 'USD'), 'en')).toBe('-$0.05');
  });

  it('rounds basis points half to even', () => {
    expect(multiplyBasisPoints(money(5, 'CNY'), 5_000).amount_minor).toBe(2); // 2.5 → 2
    expect(multiplyBasisPoints(money(15, 'CNY'), 5_000).amount_minor).toBe(8); // 7.5 → 8
    expect(multiplyBasisPoints(money(10_000, 'CNY'), 250).amount_minor).toBe(250);
  });

  it('parses decimals exactly and rejects extra precision', () => {
    expect(parseDecimal('12.3', 'CNY').amount_minor).toBe(1230);
    expect(parseDecimal('-0.01', 'CNY').amount_minor).toBe(-1);
    expect(parseDecimal('500', 'JPY').amount_minor).toBe(500);
    expect(() => parseDecimal('1.234', 'CNY')).toThrow(RangeError);
    expect(() => parseDecimal('1e3', 'CNY')).toThrow(RangeError);
  });
});

describe('money properties', () => {
  it('addition and subtraction are inverse and commutative', () => {
    fc.assert(
      fc.property(amount, amount, currency, (a, b, code) => {
        const left = money(a, code);
        const right = money(b, code);
        expect(add(left, right)).toEqual(add(right, left));
        expect(subtract(add(left, right), right)).toEqual(left);
        expect(add(left, negate(left)).amount_minor).toBe(0);
      }),
    );
  });

  it('allocation never creates or loses a minor unit and splits fairly', () => {
    fc.assert(
      fc.property(amount, currency, fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }), (a, code, weights) => {
        fc.pre(weights.some((weight) => weight > 0));
        const whole = money(a, code);
        const parts = allocate(whole, weights);
        expect(sum(parts, code)).toEqual(whole);
        const totalWeight = weights.reduce((total, weight) => total + weight, 0);
        parts.forEach((part, index) => {
          const exact = (a * (weights[index] ?? 0)) / totalWeight;
          expect(Math.abs(part.amount_minor - exact)).toBeLessThanOrEqual(1);
          if (weights[index] === 0) expect(part.amount_minor).toBe(0);
        });
      }),
    );
  });

  it('decimal text round-trips for every currency', () => {
    fc.assert(
      fc.property(amount, currency, (a, code) => {
        const value = money(a, code);
        expect(parseDecimal(toDecimalString(value), code)).toEqual(value);
      }),
    );
  });

  it('formatting keeps every digit of the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), currency, fc.constantFrom('en', 'zh-CN'), (a, code, locale) => {
        const text = format(money(a, code), locale);
        const digits = text.replace(/\D/g, '');
        expect(Number(digits)).toBe(a);
      }),
    );
  });

  it('basis-point multiplication is within half a unit of the exact product', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 10_000 }), currency, (a, basisPoints, code) => {
        const result = multiplyBasisPoints(money(a, code), basisPoints).amount_minor;
        const exact = (a * basisPoints) / 10_000;
        expect(Math.abs(result - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('multiplication by a quantity equals repeated addition and compare orders amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 50 }), currency, (a, quantity, code) => {
        const unit = money(a, code);
        expect(multiply(unit, quantity)).toEqual(sum(Array(quantity).fill(unit), code));
        expect(compare(unit, add(unit, money(1, code)))).toBe(-1);
      }),
    );
  });
});
