import type { Kysely } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { cardsByIds, categories } from '../catalog/index.js';
import { fold } from './analyzer.js';
import { engineFor } from './engine.js';
import { foldWithOrigins } from './highlight.js';
import { parseQuery } from './query.js';
import { pageOf } from './rank.js';
import type { SearchTables } from './schema.js';
import { segment, subwords } from './segmenter.js';
import { resolve, WINDOW } from './service.js';

function tables(db: Executor): Kysely<SearchTables> {
  return db as Kysely<SearchTables>;
}

export interface Suggestion {
  text: string;
  kind: 'query' | 'category';
  category_id?: string;
}

const TITLES_READ = 40;
const MAX_COMPLETION_LENGTH = 24;

const HAN = /\p{Script=Han}/u;
const WORDY = /[\p{L}\p{N}]/u;

/** The word boundaries (start offsets and the end) of the Chinese run around `at`, by segmentation. */
function hanBoundaries(folded: string, at: number): number[] {
  let start = at;
  while (start > 0 && HAN.test(folded[start - 1] ?? '')) start -= 1;
  let end = at;
  while (end < folded.length && HAN.test(folded[end] ?? '')) end += 1;
  const boundaries = [start];
  for (const word of segment(folded.slice(start, end))) boundaries.push((boundaries[boundaries.length - 1] ?? start) + word.length);
  return boundaries;
}

/** Where the word containing position `at` of a title ends: Chinese by segmentation, others at the next space. */
function wordEnd(folded: string, at: number): number {
  if (HAN.test(folded[at] ?? '')) return hanBoundaries(folded, at).find((boundary) => boundary > at) ?? at + 1;
  let end = at;
  while (end < folded.length && WORDY.test(folded[end] ?? '')) end += 1;
  return end;
}

/** Whether a word starts at `at`: after a non-letter, or where segmentation puts a Chinese word's start. */
function startsWord(folded: string, at: number): boolean {
  const before = folded[at - 1] ?? '';
  const here = folded[at] ?? '';
  if (HAN.test(before) && HAN.test(here)) return hanBoundaries(folded, at).includes(at);
  return !(WORDY.test(before) && WORDY.test(here) && !HAN.test(before) && !HAN.test(here));
}

/**
 * What the buyer is probably typing, from the titles of the products it matches: the typed
 * text extended to the end of the word it stops in, or by one more word at a word's end.
 */
export function completionIn(title: string, typed: string): string | undefined {
  const { folded, origins } = foldWithOrigins(title);
  // Where a word starts: "phone" completes "Phone case", not the middle of "iPhone 15", and
  // 手 completes 手机, not the middle of 二手.
  let at = folded.indexOf(typed);
  while (at > 0 && !startsWord(folded, at)) at = folded.indexOf(typed, at + 1);
  if (at === -1) return undefined;
  let end = at + typed.length;
  const endOfWord = wordEnd(folded, end - 1);
  if (endOfWord > end) end = endOfWord;
  else {
    let next = end;
    while (folded[next] === ' ') next += 1;
    if (/[\p{L}\p{N}]/u.test(folded[next] ?? '')) end = wordEnd(folded, next);
  }
  const completion = title.slice(origins[at], origins[Math.min(end, folded.length)]).trim();
  return completion.length > typed.length && completion.length <= MAX_COMPLETION_LENGTH ? completion : undefined;
}

async function popularQueries(db: Executor, typed: string, limit: number): Promise<string[]> {
  const rows = await tables(db)
    .selectFrom('search_queries')
    .select('query')
    .where('query', '>=', typed)
    .where('query', '<', `${typed}\uffff`)
    .where('results', '>', 0)
    .orderBy('count', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.query);
}

async function fromTitles(db: Executor, text: string, typed: string): Promise<string[]> {
  const resolution = await resolve(db, parseQuery(text, segment, subwords));
  if (resolution.clauses.length === 0) return [];
  const engine = engineFor(db);
  const candidates = pageOf(await engine.window(db, { clauses: resolution.clauses, filters: [] }, WINDOW), {
    clauses: resolution.clauses,
    sort: 'relevance',
    currency: 'CNY',
    intent: [],
    offset: 0,
    limit: TITLES_READ,
  });
  const cards = await cardsByIds(
    db,
    candidates.map((candidate) => candidate.product_id),
  );
  const counts = new Map<string, number>();
  for (const card of cards) {
    const completion = completionIn(card.title, typed);
    if (completion) counts.set(completion, (counts.get(completion) ?? 0) + 1);
  }
  return [...counts].sort((left, right) => right[1] - left[1]).map(([completion]) => completion);
}

export async function suggest(db: Executor, text: string, limit: number): Promise<Suggestion[]> {
  const typed = fold(text).replace(/\s+/g, ' ').trimStart();
  if (!typed.trim()) return [];
  const found: Suggestion[] = [];
  const seen = new Set<string>();
  const add = (suggestion: Suggestion) => {
    const key = fold(suggestion.text).trim();
    if (seen.has(key) || key === typed.trim() || found.length >= limit) return;
    seen.add(key);
    found.push(suggestion);
  };
  for (const query of await popularQueries(db, typed.trim(), limit)) add({ text: query, kind: 'query' });
  for (const completion of await fromTitles(db, text, typed)) add({ text: completion, kind: 'query' });
  for (const category of await categories(db)) {
    const name = [category.name_zh, category.name_en].find((candidate) => fold(candidate).includes(typed.trim()));
    if (name) add({ text: name, kind: 'category', category_id: category.id });
  }
  return found;
}

/**
 * Counts what buyers search in memory and adds the counts to the table every few seconds:
 * a search stays a read, and a crash loses a few seconds of counting, never a sale.
 */
export class QueryLog {
  readonly #counts = new Map<string, { count: number; results: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly db: Executor,
    private readonly now: () => string,
    interval_ms = 5000,
  ) {
    this.#timer = setInterval(() => void this.flush().catch(() => {}), interval_ms);
    this.#timer.unref();
  }

  record(text: string, results: number): void {
    const query = fold(text)
      .replace(/\p{Cc}/gu, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (!query || query.length > 60 || this.#counts.size > 10_000) return;
    const entry = this.#counts.get(query) ?? { count: 0, results };
    entry.count += 1;
    entry.results = results;
    this.#counts.set(query, entry);
  }

  async flush(): Promise<void> {
    if (this.#counts.size === 0) return;
    const rows = [...this.#counts].map(([query, entry]) => ({ query, count: entry.count, results: entry.results, last_at: this.now() }));
    this.#counts.clear();
    await tables(this.db)
      .insertInto('search_queries')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('query').doUpdateSet((update) => ({
          count: update('search_queries.count', '+', update.ref('excluded.count')),
          results: update.ref('excluded.results'),
          last_at: update.ref('excluded.last_at'),
        })),
      )
      .execute();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
