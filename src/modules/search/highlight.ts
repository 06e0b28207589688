import { fold, foldsInPlace, runs, stem } from './analyzer.js';
import type { ResolvedClause } from './query.js';

export interface HighlightRun {
  text: string;
  match: boolean;
}

/**
 * Folds a text, remembering where each folded character came from, so spans found in the
 * folded text map back to the text as the seller wrote it. Plain text (ASCII, common Chinese)
 * only changes case, each character in its place.
 */
export function foldWithOrigins(text: string): { folded: string; origins: number[] } {
  if (foldsInPlace(text)) return { folded: text.toLowerCase(), origins: Array.from({ length: text.length + 1 }, (_, index) => index) };
  return foldEachCharacter(text);
}

/** `foldWithOrigins` the long way, character by character, as any text needs. */
export function foldEachCharacter(text: string): { folded: string; origins: number[] } {
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

/** Which words of a title the query matched, as runs to show with the matches marked. */
export function highlight(title: string, clauses: readonly ResolvedClause[]): HighlightRun[] {
  const { folded, origins } = foldWithOrigins(title);
  const marked = new Uint8Array(folded.length);
  const han = clauses.filter((entry) => entry.clause.kind === 'han').map((entry) => entry.clause.text);
  for (const word of han) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) marked.fill(1, at, at + word.length);
  }
  const wordTokens = new Set(clauses.filter((entry) => entry.clause.kind !== 'han').flatMap((entry) => entry.alternatives.flat()));
  const prefixes = clauses
    .filter((entry) => entry.clause.kind !== 'han' && 'prefix' in entry.clause && entry.clause.prefix)
    .map((entry) => entry.clause.text);
  for (const run of runs(folded)) {
    if (run.kind === 'han') continue;
    if (wordTokens.has(run.text) || wordTokens.has(stem(run.text)) || prefixes.some((prefix) => run.text.startsWith(prefix))) {
      marked.fill(1, run.start, run.end);
    }
  }
  const result: HighlightRun[] = [];
  let start = 0;
  for (let index = 1; index <= folded.length; index += 1) {
    if (index === folded.length || marked[index] !== marked[start]) {
      const text = title.slice(origins[start], origins[index]);
      if (text) result.push({ text, match: marked[start] === 1 });
      start = index;
    }
  }
  return result.length ? result : [{ text: title, match: false }];
}
