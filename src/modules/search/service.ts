import type { Kysely } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { cardsByIds, categories } from '../catalog/index.js';
import { summaries } from '../stores/index.js';
import { stem } from './analyzer.js';
import { facetToken, priceBucket } from './document.js';
import { type Candidate, engineFor } from './engine.js';
import { highlight } from './highlight.js';
import { type Clause, exactToken, oneEditAway, parseQuery, type ResolvedClause, TYPO_MIN_LENGTH } from './query.js';
import type { SearchTables } from './schema.js';
import { segment } from './segmenter.js';

function tables(db: Executor): Kysely<SearchTables> {
  return db as Kysely<SearchTables>;
}

export const SORTS = ['relevance', 'sales', 'price_asc', 'price_desc', 'newest'] as const;
export type Sort = (typeof SORTS)[number];

export interface SearchParams {
  q?: string | undefined;
  category?: string | undefined;
  price_min?: number | undefined;
  price_max?: number | undefined;
  currency?: string | undefined;
  store_type?: string | undefined;
  ships_to?: string | undefined;
  in_stock?: boolean | undefined;
  sort?: Sort | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * How many matches a query reads, best-selling first, to rank, sort and count: the bound that
 * keeps a query matching half the catalog as fast as one matching ten products (decision 0007).
 */
export const WINDOW = 1000;
const PREFIX_EXPANSIONS = 8;
const TYPO_CANDIDATES = 3;
const DEFAULT_CURRENCY = 'CNY';

/** Relevance: text match times a quality factor that grows with the log of sales. */
export function relevance(candidate: Pick<Candidate, 'text_score' | 'sold_count'>): number {
  return candidate.text_score * (1 + 0.25 * Math.log1p(candidate.sold_count));
}

// --- Reading what was typed -------------------------------------------------------------

interface Resolution {
  clauses: ResolvedClause[];
  corrections: { from: string; to: string }[];
}

async function termsIn(db: Executor, terms: readonly string[]): Promise<Map<string, number>> {
  if (terms.length === 0) return new Map();
  const rows = await tables(db).selectFrom('search_terms').select(['term', 'docs']).where('term', 'in', terms).execute();
  return new Map(rows.map((row) => [row.term, row.docs]));
}

async function completions(db: Executor, prefix: string): Promise<string[]> {
  const rows = await tables(db)
    .selectFrom('search_terms')
    .select('term')
    .where('term', '>=', prefix)
    .where('term', '<', `${prefix}\uffff`)
    .orderBy('docs', 'desc')
    .limit(PREFIX_EXPANSIONS)
    .execute();
  return rows.map((row) => row.term);
}

/** Within one edit of a known word, most common first. */
async function nearWords(db: Executor, word: string): Promise<string[]> {
  const known = await termsIn(db, oneEditAway(word));
  return [...known]
    .sort((left, right) => right[1] - left[1])
    .slice(0, TYPO_CANDIDATES)
    .map(([term]) => term);
}

/** Turns clauses into index tokens: stems, completions of the last word, corrections of typos. */
export async function resolve(db: Executor, clauses: readonly Clause[]): Promise<Resolution> {
  const words = clauses.filter((clause) => clause.kind === 'word');
  const known = await termsIn(db, [...new Set(words.flatMap((clause) => [clause.text, stem(clause.text)]))]);
  const corrections: Resolution['corrections'] = [];
  const resolved: ResolvedClause[] = [];
  for (const clause of clauses) {
    const exact = exactToken(clause);
    if (clause.kind !== 'word') {
      resolved.push({ clause, alternatives: [exact] });
      continue;
    }
    const isKnown = known.has(clause.text) || known.has(stem(clause.text));
    const alternatives = isKnown ? [exact] : [];
    if (clause.prefix && clause.text.length >= 2) {
      for (const term of await completions(db, clause.text)) if (!alternatives.some(([token]) => token === term)) alternatives.push([term]);
    }
    if (alternatives.length === 0 && clause.text.length >= TYPO_MIN_LENGTH) {
      const near = await nearWords(db, clause.text);
      if (near[0]) corrections.push({ from: clause.text, to: near[0] });
      alternatives.push(...near.map((term) => [term]));
    }
    resolved.push({ clause, alternatives: alternatives.length ? alternatives : [exact] });
  }
  return { clauses: resolved, corrections };
}

// --- Filters ----------------------------------------------------------------------------

/** At most this many price buckets become index tokens; wider ranges filter on the price alone. */
const MAX_PRICE_TOKENS = 24;

function filterTokens(params: SearchParams): string[][] {
  const groups: string[][] = [];
  if (params.category) groups.push([facetToken.category(params.category)]);
  if (params.store_type) groups.push([facetToken.storeType(params.store_type)]);
  if (params.ships_to) groups.push([facetToken.shipsTo(params.ships_to)]);
  if (params.in_stock) groups.push([facetToken.inStock]);
  if (params.price_min !== undefined || params.price_max !== undefined) {
    groups.push([facetToken.currency(params.currency ?? DEFAULT_CURRENCY)]);
    const low = priceBucket(params.price_min ?? 0);
    const high = params.price_max === undefined ? Number.POSITIVE_INFINITY : priceBucket(params.price_max);
    if (high - low < MAX_PRICE_TOKENS) groups.push(Array.from({ length: high - low + 1 }, (_, index) => facetToken.price(low + index)));
  }
  return groups;
}

async function checkParams(db: Executor, params: SearchParams): Promise<void> {
  if (params.category && !(await categories(db)).some((category) => category.id === params.category)) {
    throw new AppError('validation_failed', { param: 'category', message: 'No such category.' });
  }
  if (params.price_min !== undefined && params.price_max !== undefined && params.price_min > params.price_max) {
    throw new AppError('validation_failed', { param: 'price_max', message: 'The highest price is below the lowest.' });
  }
}

// --- Cursors ----------------------------------------------------------------------------

/** Where the next page starts: below row id `b` (null: the top), `o` places into that window. */
interface Cursor {
  b: number | null;
  o: number;
}

function decodeCursor(text: string | undefined): Cursor {
  if (!text) return { b: null, o: 0 };
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if ((value.b === null || Number.isSafeInteger(value.b)) && Number.isSafeInteger(value.o) && value.o >= 0 && value.o <= WINDOW)
      return value;
  } catch {}
  throw new AppError('validation_failed', { param: 'cursor', message: 'This cursor is not one we gave out.' });
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

// --- Ordering and facets -----------------------------------------------------------------

function byRowid(left: Candidate, right: Candidate): number {
  return right.doc_rowid - left.doc_rowid;
}

function order(candidates: Candidate[], sort: Sort, currency: string): Candidate[] {
  const sorted = [...candidates];
  const foreign = (candidate: Candidate) => (candidate.currency === currency ? 0 : 1);
  if (sort === 'relevance') {
    const scores = new Map(sorted.map((candidate) => [candidate, relevance(candidate)]));
    return sorted.sort((left, right) => (scores.get(right) ?? 0) - (scores.get(left) ?? 0) || byRowid(left, right));
  }
  if (sort === 'price_asc')
    return sorted.sort((left, right) => foreign(left) - foreign(right) || left.price_minor - right.price_minor || byRowid(left, right));
  if (sort === 'price_desc')
    return sorted.sort((left, right) => foreign(left) - foreign(right) || right.price_minor - left.price_minor || byRowid(left, right));
  if (sort === 'newest')
    return sorted.sort((left, right) =>
      left.created_at < right.created_at ? 1 : left.created_at > right.created_at ? -1 : byRowid(left, right),
    );
  return sorted.sort(byRowid);
}

/** Round boundaries (1, 2, 5 × 10ⁿ) near the quintiles of the prices, so buckets read naturally. */
function priceFacet(prices: number[]): { min_minor: number; max_minor: number | null; count: number }[] {
  if (prices.length === 0) return [];
  prices.sort((left, right) => left - right);
  const nice = (value: number) => {
    if (value <= 0) return 0;
    const power = 10 ** Math.floor(Math.log10(value));
    return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? value;
  };
  const bounds = [...new Set([0.2, 0.4, 0.6, 0.8].map((share) => nice(prices[Math.floor(share * (prices.length - 1))] ?? 0)))].filter(
    (bound) => bound > 0,
  );
  const edges = [0, ...bounds];
  return edges
    .map((min, index) => {
      const max = edges[index + 1] ?? null;
      const count = prices.filter((price) => price >= min && (max === null || price < max)).length;
      return { min_minor: min, max_minor: max === null ? null : max - 1, count };
    })
    .filter((bucket) => bucket.count > 0);
}

async function facets(db: Executor, window: readonly Candidate[], params: SearchParams, exhaustive: boolean) {
  const all = await categories(db);
  const parents = new Map(all.map((category) => [category.id, category.parent_id]));
  const pathOf = (id: string) => {
    const path: string[] = [];
    for (let current: string | null | undefined = id; current; current = parents.get(current)) path.unshift(current);
    return path;
  };
  const level = params.category ? pathOf(params.category).length : 0;
  const categoryCounts = new Map<string, number>();
  const typeCounts = new Map<string, number>();
  const currency = params.currency ?? DEFAULT_CURRENCY;
  const prices: number[] = [];
  for (const candidate of window) {
    const key = pathOf(candidate.category_id)[level];
    if (key) categoryCounts.set(key, (categoryCounts.get(key) ?? 0) + 1);
    typeCounts.set(candidate.store_type, (typeCounts.get(candidate.store_type) ?? 0) + 1);
    if (candidate.currency === currency) prices.push(candidate.price_minor);
  }
  const names = new Map(all.map((category) => [category.id, category]));
  return {
    exhaustive,
    category: [...categoryCounts]
      .sort((left, right) => right[1] - left[1])
      .map(([id, count]) => ({ id, name_zh: names.get(id)?.name_zh ?? id, name_en: names.get(id)?.name_en ?? id, count })),
    price: priceFacet(prices),
    store_type: [...typeCounts].sort((left, right) => right[1] - left[1]).map(([value, count]) => ({ value, count })),
  };
}

// --- Search -----------------------------------------------------------------------------

export interface SearchAnswer {
  items: { product: Record<string, unknown>; store: Record<string, unknown> | null; title_highlight: { text: string; match: boolean }[] }[];
  next_cursor: string | null;
  total: { value: number; exact: boolean } | null;
  facets: Awaited<ReturnType<typeof facets>> | null;
  query: { text: string; corrections: { from: string; to: string }[] };
}

export async function search(db: Executor, params: SearchParams): Promise<SearchAnswer> {
  await checkParams(db, params);
  const cursor = decodeCursor(params.cursor);
  const sort = params.sort ?? 'relevance';
  const text = (params.q ?? '').trim();
  const resolution = await resolve(db, text ? parseQuery(text, segment) : []);
  const engine = engineFor(db);
  const currency = params.currency ?? DEFAULT_CURRENCY;
  const base = {
    clauses: resolution.clauses,
    filters: filterTokens(params),
    price:
      params.price_min !== undefined || params.price_max !== undefined
        ? { min: params.price_min, max: params.price_max, currency }
        : undefined,
    before: cursor.b ?? undefined,
  };
  const firstPage = params.cursor === undefined;
  let page: Candidate[];
  let next: Cursor | null;
  let window: Candidate[] = [];
  let full = false;
  if (sort === 'sales' && !firstPage) {
    // Best-selling first is the index's own order: read exactly one page past the cursor.
    const rows = await engine.candidates(db, { ...base, limit: params.limit + 1, scored: false });
    page = rows.slice(0, params.limit);
    next = rows.length > params.limit ? { b: page[page.length - 1]?.doc_rowid ?? null, o: 0 } : null;
  } else {
    const rows = await engine.candidates(db, { ...base, limit: WINDOW + 1, scored: sort === 'relevance' && resolution.clauses.length > 0 });
    full = rows.length > WINDOW;
    window = rows.slice(0, WINDOW);
    const ranked = order(window, sort, currency);
    page = ranked.slice(cursor.o, cursor.o + params.limit);
    const end = cursor.o + params.limit;
    if (sort === 'sales') next = rows.length > params.limit ? { b: page[page.length - 1]?.doc_rowid ?? null, o: 0 } : null;
    else if (end < ranked.length) next = { b: cursor.b, o: end };
    else next = full ? { b: window[window.length - 1]?.doc_rowid ?? null, o: 0 } : null;
  }
  return {
    items: await present(db, page, resolution.clauses),
    next_cursor: next ? encodeCursor(next) : null,
    total: firstPage ? { value: window.length, exact: !full } : null,
    facets: firstPage ? await facets(db, window, params, !full) : null,
    query: { text, corrections: resolution.corrections },
  };
}

async function present(db: Executor, page: readonly Candidate[], clauses: readonly ResolvedClause[]): Promise<SearchAnswer['items']> {
  const ids = page.map((candidate) => candidate.product_id);
  const cards = new Map(
    (await cardsByIds(db, ids)).map((row) => [row.id, JSON.parse(row.card_json) as Record<string, unknown> & { title: string }]),
  );
  const stores = await summaries(
    db,
    page.map((candidate) => candidate.store_id),
  );
  return page.flatMap((candidate) => {
    const card = cards.get(candidate.product_id);
    if (!card) return [];
    const store = stores.get(candidate.store_id);
    return [
      {
        product: card,
        store: store ? (JSON.parse(store) as Record<string, unknown>) : null,
        title_highlight: highlight(card.title, clauses),
      },
    ];
  });
}
