import { bigrams, fold, isStopword, runs, stem } from './analyzer.js';

/**
 * What a buyer typed, as clauses that must all match. A Chinese word matches as the phrase of
 * its bigrams; an English word matches its stem, or, as the last word being typed, any word
 * it begins; each clause may carry alternatives (prefix completions, typo corrections).
 */
export type Clause =
  | { kind: 'han'; text: string }
  | { kind: 'word'; text: string; prefix: boolean }
  | { kind: 'number'; text: string; prefix: boolean };

/** A clause matches when any of its alternatives does; an alternative is a phrase of tokens. */
export interface ResolvedClause {
  clause: Clause;
  alternatives: string[][];
}

export const MAX_CLAUSES = 12;
const HAN_FUNCTION_CHARACTERS = new Set([...'的了和与及之在是或']);

export type Segmenter = (han: string) => string[];

/**
 * Splits a compound of three or more characters into its dictionary words and leftover
 * characters (普洱茶 → 普洱 + 茶), so it also finds 普洱生茶; a compound with no known parts stays whole.
 */
export function splitCompound(word: string, parts: readonly string[]): string[] {
  if (word.length < 3 || parts.length === 0) return [word];
  const pieces: string[] = [];
  for (let at = 0; at < word.length; ) {
    const part = parts.filter((candidate) => word.startsWith(candidate, at)).sort((left, right) => right.length - left.length)[0];
    const piece = part && part.length > 1 ? part : word.slice(at, at + 1);
    pieces.push(piece);
    at += piece.length;
  }
  return pieces.every((piece) => piece.length === 1) ? [word] : pieces;
}

/**
 * Joins the single characters a dictionary segmenter leaves behind: consecutive ones are most
 * likely one unknown word (防摔 → 防/摔), so they become one word again.
 */
export function joinSingles(words: readonly string[]): string[] {
  const joined: string[] = [];
  let pending = '';
  for (const word of words) {
    if (word.length === 1) {
      pending += word;
      continue;
    }
    if (pending) joined.push(pending);
    pending = '';
    joined.push(word);
  }
  if (pending) joined.push(pending);
  return joined.filter((word) => !(word.length === 1 && HAN_FUNCTION_CHARACTERS.has(word)));
}

export function parseQuery(text: string, segment: Segmenter, subwords: Segmenter = () => []): Clause[] {
  const folded = fold(text);
  const found = runs(folded);
  const typingLastWord = found.length > 0 && found[found.length - 1]?.end === folded.length;
  const clauses: Clause[] = [];
  found.forEach((run, index) => {
    const last = index === found.length - 1 && typingLastWord;
    if (run.kind === 'han') {
      const words = run.text.length <= 2 ? [run.text] : joinSingles(segment(run.text));
      for (const word of words.flatMap((whole) => splitCompound(whole, subwords(whole)))) clauses.push({ kind: 'han', text: word });
    } else if (run.kind === 'number') {
      clauses.push({ kind: 'number', text: run.text, prefix: last });
    } else if (!isStopword(run.text) || found.length === 1) {
      clauses.push({ kind: 'word', text: run.text, prefix: last });
    }
  });
  return dedupe(clauses).slice(0, MAX_CLAUSES);
}

function dedupe(clauses: Clause[]): Clause[] {
  const seen = new Set<string>();
  return clauses.filter((clause) => {
    const key = `${clause.kind}:${clause.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The index token an exact match of the clause needs. */
export function exactToken(clause: Clause): string[] {
  if (clause.kind === 'han') return bigrams(clause.text);
  if (clause.kind === 'number') return [clause.text];
  return [stem(clause.text)];
}

/** Words one edit away (delete, transpose, replace, insert), for typo tolerance in words of five letters or more. */
export function oneEditAway(word: string): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const found = new Set<string>();
  for (let index = 0; index <= word.length; index += 1) {
    const head = word.slice(0, index);
    const tail = word.slice(index);
    if (tail) found.add(head + tail.slice(1));
    if (tail.length > 1) found.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of letters) {
      if (tail) found.add(head + letter + tail.slice(1));
      found.add(head + letter + tail);
    }
  }
  found.delete(word);
  return [...found];
}

export const TYPO_MIN_LENGTH = 5;

/** The FTS5 MATCH expression: every token quoted, so no typed character is ever syntax. */
export function toFts5(clauses: readonly ResolvedClause[], filters: readonly string[][]): string {
  const quote = (token: string) => `"${token.replaceAll('"', '')}"`;
  const groups = [...clauses.map((clause) => clause.alternatives), ...filters.map((tokens) => tokens.map((token) => [token]))];
  return groups.map((alternatives) => `(${alternatives.map((phrase) => quote(phrase.join(' '))).join(' OR ')})`).join(' AND ');
}

/** The PostgreSQL tsquery text: quoted lexemes, phrases with <->, alternatives with |. */
export function toTsquery(clauses: readonly ResolvedClause[], filters: readonly string[][]): string {
  const quote = (token: string) => `'${token.replaceAll("'", '').replaceAll('\\', '')}'`;
  const groups = [...clauses.map((clause) => clause.alternatives), ...filters.map((tokens) => tokens.map((token) => [token]))];
  return groups.map((alternatives) => `(${alternatives.map((phrase) => phrase.map(quote).join(' <-> ')).join(' | ')})`).join(' & ');
}
