import { stemmer } from 'stemmer';

/**
 * The one analyzer both engines index with (docs/decisions/0007-search-analysis.md).
 * Chinese runs become overlapping character bigrams (and, in titles, single characters);
 * other words are folded (width, case, accents) and indexed both as typed and stemmed.
 * Engines store the token stream as it is, so SQLite and PostgreSQL agree on every match.
 */

const MAX_TOKEN_LENGTH = 40;
const ENGLISH_STOPWORDS = new Set('a an and are as at be by for from in is it of on or that the this to with'.split(' '));
const RUN = /(\p{Script=Han}+)|(\p{N}+)|([\p{L}\p{M}]+)/gu;
const LATIN_MARKS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;

/** Full-width to half-width, lower case, and accents off Latin, Greek and Cyrillic letters. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC');
}

export type Run = { kind: 'han' | 'number' | 'word'; text: string; start: number; end: number };

/** The runs of a folded text: Chinese characters, digits, or letters of other scripts. */
export function runs(folded: string): Run[] {
  const found: Run[] = [];
  for (const match of folded.matchAll(RUN)) {
    const kind = match[1] ? 'han' : match[2] ? 'number' : 'word';
    found.push({ kind, text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return found;
}

const stems = new Map<string, string>();
/** The Porter stem of a folded word; cached, as the same words recur across a catalog. */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length < 4) return word;
  let result = stems.get(word);
  if (result === undefined) {
    result = stemmer(word);
    if (stems.size > 200_000) stems.clear();
    stems.set(word, result);
  }
  return result;
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
  return token.length >= 2 && /^\p{L}+$/u.test(token) && !/\p{Script=Han}/u.test(token);
}
