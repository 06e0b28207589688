import { describe, expect, it } from 'vitest';
import { fold } from './analyzer.js';
import { foldWithOrigins } from './highlight.js';

/** Character by character, as for any text. */
function slowly(text: string) {
  let folded = '';
  const origins: number[] = [];
  let index = 0;
  for (const character of text) {
    const piece = fold(character);
    folded += piece;
    for (let repeat = 0; repeat < piece.length; repeat += 1) origins.push(index);
    index += character.length;
  }
  origins.push(text.length);
  return { folded, origins };
}

describe('folding a title with the origin of each character', () => {
  it('takes the short way for plain text and gets what the long way gets', () => {
    for (const title of ['Red Dress 红色连衣裙', 'iPhone 15 手机壳！', 'abc', '']) expect(foldWithOrigins(title)).toEqual(slowly(title));
  });

  it('maps folded characters back across accents and full-width letters', () => {
    const { folded, origins } = foldWithOrigins('Café ＡＢ');
    expect(folded).toBe('cafe ab');
    expect(origins).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
