import { describe, expect, it } from 'vitest';
import { themeVariables } from '../../web/src/lib/colour.js';
import {
  formatMoney,
  formatPriceRange,
  fractionDigits,
  minorToDecimal,
  parseMoneyInput,
  parseWholeNumber,
} from '../../web/src/lib/money.js';
import { combinations } from '../../web/src/lib/skus.js';

/** The web app's pure helpers: what sellers type becomes exact minor units, and colours stay readable. */
describe('money in the web app', () => {
  it('knows each currency’s digits from Intl', () => {
    expect(fractionDigits('CNY')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
  });

  it('turns typed prices into exact minor units without floating point', () => {
    expect(parseMoneyInput('19.9', 'CNY')).toBe(1990);
    expect(parseMoneyInput('19.90', 'CNY')).toBe(1990);
    expect(parseMoneyInput('0.1', 'CNY')).toBe(10);
    expect(parseMoneyInput('1.15', 'CNY')).toBe(115);
    expect(parseMoneyInput('20', 'CNY')).toBe(2000);
    expect(parseMoneyInput('20.', 'CNY')).toBe(2000);
    expect(parseMoneyInput(' ¥1,299.00 ', 'CNY')).toBe(129900);
    expect(parseMoneyInput('￥８８．５', 'CNY')).toBe(8850);
    expect(parseMoneyInput('500', 'JPY')).toBe(500);
    expect(parseMoneyInput('0', 'CNY')).toBe(0);
  });

  it('refuses what is not a price', () => {
    for (const input of ['', '.5x', '1.999', '-3', 'abc', '1e3', '1.2.3', '500.5']) {
      expect(parseMoneyInput(input, input === '500.5' ? 'JPY' : 'CNY'), input).toBeUndefined();
    }
    expect(parseMoneyInput('99999999999', 'CNY')).toBeUndefined();
  });

  it('round-trips every amount of fen through the text a seller edits', () => {
    for (let minor = 0; minor < 20_000; minor += 7) expect(parseMoneyInput(minorToDecimal(minor, 'CNY'), 'CNY')).toBe(minor);
  });

  it('formats minor units for people in either language', () => {
    expect(formatMoney(1990, 'CNY', 'zh-CN')).toBe('¥19.90');
    expect(formatMoney(1990, 'CNY', 'en')).toBe('CN¥19.90');
    expect(formatMoney(500, 'JPY', 'zh-CN')).toBe('JP¥500');
    expect(formatPriceRange(1990, 2490, 'CNY', 'zh-CN')).toBe('¥19.90 – ¥24.90');
    expect(formatPriceRange(1990, 1990, 'CNY', 'zh-CN')).toBe('¥19.90');
  });

  it('reads whole numbers, including full-width digits', () => {
    expect(parseWholeNumber('12')).toBe(12);
    expect(parseWholeNumber('１２')).toBe(12);
    expect(parseWholeNumber('1.5')).toBeUndefined();
    expect(parseWholeNumber('-1')).toBeUndefined();
    expect(parseWholeNumber('0', { min: 1 })).toBeUndefined();
  });
});

describe('theme colours', () => {
  const contrast = (a: string, b: string) => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5]
        .map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };

  it('keeps text in the theme colour readable on white, whatever colour a seller picks', () => {
    for (const colour of ['#d4441f', '#ffd43b', '#ffffff', '#74c0fc', '#000000', '#c2255c']) {
      const variables = themeVariables(colour);
      expect(contrast(variables['--color-accent-text'], '#ffffff'), colour).toBeGreaterThanOrEqual(4.5);
      expect(contrast(variables['--color-on-accent'], variables['--color-accent']), colour).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('SKU combinations', () => {
  it('makes one combination per value, in option order', () => {
    expect(
      combinations([
        { name: '颜色', values: ['红', '蓝'] },
        { name: '尺码', values: ['S', 'M'] },
      ]),
    ).toEqual([
      ['红', 'S'],
      ['红', 'M'],
      ['蓝', 'S'],
      ['蓝', 'M'],
    ]);
    expect(combinations([])).toEqual([[]]);
  });
});
