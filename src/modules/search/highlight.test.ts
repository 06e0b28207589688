import { describe, expect, it } from 'vitest';
import { foldEachCharacter, foldWithOrigins } from './highlight.js';

describe('folding a title with the origin of each character', () => {
  it('takes the short way for plain text and gets what the long way gets', () => {
    for (const title of ['Red Dress 红色连衣裙', 'iPhone 15 手机壳！', 'abc', ''])
      expect(foldWithOrigins(title)).toEqual(foldEachCharacter(title));
  });

  it('maps folded characters back across accents and full-width letters', () => {
    const { folded, origins } = foldWithOrigins('Café ＡＢ');
    expect(folded).toBe('cafe ab');
    expect(origins).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
