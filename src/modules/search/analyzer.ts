import { stemmer } from 'stemmer';
import { memoized } from './memo.js';

/**
 * The one analyzer both engines index with (docs/decisions/0007-search-analysis.md).
 * Chinese runs become overlapping character bigrams (and, in titles, single characters);
 * other words are folded (width, case, accents) and indexed both as typed and stemmed.
 * Engines store the token stream as it is, so SQLite and PostgreSQL agree on every match.
 */

const MAX_TOKEN_LENGTH = 40;
const ENGLISH_STOPWORDS = new Set('a an and are as at be by for from in is it of on or that the this to with'.split(' '));
const LATIN_MARKS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;

/** Text of ASCII, common Chinese characters and CJK punctuation, which normalization would not change. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at NUL on purpose: all of ASCII.
const PLAIN = /^[\x00-\x7f\u3000-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20]*$/;

/** Whether `fold` only lowercases `text`, leaving every character where it was. */
export function foldsInPlace(text: string): boolean {
  return PLAIN.test(text);
}

/** Full-width to half-width, lower case, and accents off Latin, Greek and Cyrillic letters. */
export function fold(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toLowerCase().normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC');
}

function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3134f)
  );
}

const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const NUMBER = /\p{N}/u;

type Kind = Run['kind'] | undefined;
function kindOf(code: number, character: string): Kind {
  if (code < 128) {
    if (code >= 97 && code <= 122) return 'word';
    if (code >= 48 && code <= 57) return 'number';
    return code >= 65 && code <= 90 ? 'word' : undefined;
  }
  if (isHan(code)) return 'han';
  if (LETTER_OR_MARK.test(character)) return 'word';
  return NUMBER.test(character) ? 'number' : undefined;
}

export type Run = { kind: 'han' | 'number' | 'word'; text: string; start: number; end: number };

/** The runs of a folded text: Chinese characters, digits, or letters of other scripts. */
export function runs(folded: string): Run[] {
  const found: Run[] = [];
  let kind: Kind;
  let start = 0;
  let index = 0;
  while (index <= folded.length) {
    const code = index < folded.length ? (folded.codePointAt(index) ?? 0) : -1;
    const width = code > 0xffff ? 2 : 1;
    const next = code === -1 ? undefined : kindOf(code, code > 0xffff ? folded.slice(index, index + 2) : (folded[index] ?? ''));
    if (next !== kind) {
      if (kind) found.push({ kind, text: folded.slice(start, index), start, end: index });
      kind = next;
      start = index;
    }
    index += width;
  }
  return found;
}

/** Plurals the Porter stemmer does not bring home (it makes "knives" "knive"). */
const IRREGULAR = new Map(
  Object.entries({
    knives: 'knife',
    wives: 'wife',
    lives: 'life',
    leaves: 'leaf',
    shelves: 'shelf',
    halves: 'half',
    loaves: 'loaf',
    scarves: 'scarf',
    wolves: 'wolf',
    calves: 'calf',
    children: 'child',
    women: 'woman',
    men: 'man',
    feet: 'foot',
    teeth: 'tooth',
    mice: 'mouse',
    geese: 'goose',
    people: 'person',
  }),
);

const stemOf = memoized(200_000, (word) => stemmer(IRREGULAR.get(word) ?? word));
/** The Porter stem of a folded word; kept, as the same words recur across a catalog. */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length < 3) return word;
  return stemOf(word);
}

export function isStopword(word: string): boolean {
  return ENGLISH_STOPWORDS.has(word);
}

export function bigrams(han: string): string[] {
  if (han.length === 1) return [han];
  const grams: string[] = [];
  for (let index = 0; index + 2 <= han.length; index += 1) grams.push(han.slice(index, index + 2));
  return grams;
}

/**
 * The tokens of a text for the index, in order. With `characters`, single Chinese characters
 * follow the bigrams (at the end, so bigram phrases stay adjacent) for one-character queries.
 */
export function analyze(text: string, options: { characters?: boolean } = {}): string[] {
  const tokens: string[] = [];
  const characters: string[] = [];
  for (const run of runs(fold(text))) {
    if (run.kind === 'han') {
      tokens.push(...bigrams(run.text));
      if (options.characters && run.text.length > 1) characters.push(...run.text);
    } else if (run.text.length <= MAX_TOKEN_LENGTH && !isStopword(run.text)) {
      tokens.push(run.text);
      const stemmed = stem(run.text);
      if (stemmed !== run.text) tokens.push(stemmed);
    }
  }
  return characters.length ? tokens.concat(characters) : tokens;
}

/** Whether a token belongs in the vocabulary used for prefixes and typos (words, not Chinese or numbers). */
export function isVocabularyWord(token: string): boolean {
  if (token.length < 2) return false;
  // Most tokens are Chinese bigrams: answered before any pattern runs.
  const first = token.charCodeAt(0);
  if (first >= 0x3400 && first <= 0x9fff) return false;
  if (/^[a-z]+$/.test(token)) return true;
  return !isHan(token.codePointAt(0) ?? 0) && /^\p{L}+$/u.test(token);
}
