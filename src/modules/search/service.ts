import type { Kysely } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { inList, listOf, preparedQuery } from '../../kernel/db/prepared.js';
import { AppError } from '../../kernel/errors.js';
import { cacheScope, ShortCache } from '../../kernel/short-cache.js';
import { categories } from '../catalog/index.js';
import { fold, stem } from './analyzer.js';
import { facetToken, priceBucket, priceCover } from './document.js';
import { engineFor, type MatchQuery } from './engine.js';
import { indexFormat } from './format.js';
import { memoized } from './memo.js';
import { present } from './present.js';
import { type Clause, exactToken, oneEditAway, parseQuery, type ResolvedClause, TYPO_MIN_LENGTH } from './query.js';
import { type FacetGroup, facetGroups, pageOf } from './rank.js';
import type { SearchTables } from './schema.js';
import { segment, subwords } from './segmenter.js';

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
export const WINDOW = 400;
const PREFIX_EXPANSIONS = 8;
/** A word in at least this many products is complete as typed. */
const COMMON_WORD_DOCS = 20;
const TYPO_CANDIDATES = 3;
const DEFAULT_CURRENCY = 'CNY';

// --- Reading what was typed -------------------------------------------------------------

interface Resolution {
  clauses: ResolvedClause[];
  corrections: { from: string; to: string }[];
}

/** Built once (prepared.ts): every search looks its words up. */
const termsQuery = preparedQuery<[unknown], { term: string; docs: number }>('search.termsIn', (db, terms) =>
  tables(db)
    .selectFrom('search_terms')
    .select(['term', 'docs'])
    .where(inList(db, 'term', terms)),
);

async function termsIn(db: Executor, terms: readonly string[]): Promise<Map<string, number>> {
  if (terms.length === 0) return new Map();
  const rows = await termsQuery(db, listOf(db, terms));
  return new Map(rows.map((row) => [row.term, row.docs]));
}

/**
 * The typed words' counts (0: not in the index), kept a second per process: a word a new
 * product brings is known within that second, as the product is found. Typo candidates
 * (`nearWords`, hundreds a word) are not kept.
 */
const TYPED_TTL_MS = 1000;
const typedCounts = new ShortCache<number>(TYPED_TTL_MS);

async function typedTerms(db: Executor, terms: Iterable<string>): Promise<Map<string, number>> {
  const counts = await typedCounts.getMany(cacheScope(db), terms, (missing) => termsIn(db, missing), 0);
  return new Map([...counts].filter(([, docs]) => docs > 0));
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
  const known = await typedTerms(db, new Set(words.flatMap((clause) => [clause.text, stem(clause.text)])));
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
    // A last word that is already a common word is taken as typed: "red" means red, not
    // also reddish; completions are for a word still being typed ("earb").
    const common = (known.get(clause.text) ?? known.get(stem(clause.text)) ?? 0) >= COMMON_WORD_DOCS;
    if (clause.prefix && clause.text.length >= 2 && !common) {
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

/** Parsing (segmentation) depends only on the text, so recent parses are kept, a few thousand at most. */
const parsed = memoized(5000, (text) => parseQuery(text, segment, subwords));

// --- Filters ----------------------------------------------------------------------------

/**
 * The filters as groups of index tokens, which the engine intersects with the words. Price and
 * stock are conditions on the row (`priceRange`, `inStock`); an engine may match a narrow
 * price range as tokens too (decision 0018). Stock holds for nearly every product: its token
 * would make the engine read a list nearly as long as the index to spare a few rows.
 */
function filterTokens(params: SearchParams): string[][] {
  const groups: string[][] = [];
  if (params.category) groups.push([facetToken.category(params.category)]);
  if (params.store_type) groups.push([facetToken.storeType(params.store_type)]);
  if (params.ships_to) groups.push([facetToken.shipsTo(params.ships_to)]);
  return groups;
}

/** Format 1 indexes (format.ts): a narrow range is its √2-wide buckets, a wide one none. */
const MAX_BUCKET_TOKENS = 3;
/**
 * Format 2: the fewest tokens covering the range's buckets (document.ts `priceCover`). A range
 * needing more is wide, holding most prices, and so is one without a highest price: checking
 * each match's price then costs less than the tokens.
 */
const MAX_PRICE_TOKENS = 8;

function priceRange(params: SearchParams, currency: string, format: number): MatchQuery['price'] {
  if (params.price_min === undefined && params.price_max === undefined) return undefined;
  const low = priceBucket(params.price_min ?? 0);
  const high = params.price_max === undefined ? Number.POSITIVE_INFINITY : priceBucket(params.price_max);
  let tokens: string[] = [];
  if (format >= 2) {
    const cover = Number.isFinite(high) ? priceCover(low, high) : [];
    if (cover.length <= MAX_PRICE_TOKENS) tokens = cover;
  } else if (high - low < MAX_BUCKET_TOKENS) {
    tokens = Array.from({ length: high - low + 1 }, (_, index) => facetToken.price(low + index));
  }
  return { min: params.price_min, max: params.price_max, currency, tokens };
}

async function checkParams(db: Executor, params: SearchParams): Promise<void> {
  if (params.category && !(await categories(db)).some((category) => category.id === params.category)) {
    throw new AppError('validation_failed', { param: 'category', message: 'No such category.' });
  }
  if (params.price_min !== undefined && params.price_max !== undefined && params.price_min > params.price_max) {
    throw new AppError('validation_failed', { param: 'price_max', message: 'The highest price is below the lowest.' });
  }
}

/** The categories (with their descendants) whose name is exactly what was typed: 手机, "Headphones". */
let categoryNames: Promise<Map<string, string[]>> | undefined;
/** Each folded category name (and its plural-less form) with the category and its descendants; categories never change. */
function namedCategories(db: Executor): Promise<Map<string, string[]>> {
  categoryNames ??= categories(db).then((all) => {
    const byName = new Map<string, string[]>();
    for (const category of all) {
      const ids = [category.id, ...all.filter((child) => child.parent_id === category.id).map((child) => child.id)];
      for (const name of [category.name_zh, category.name_en].map(fold)) {
        for (const key of [name, name.replace(/s$/, '')]) byName.set(key, [...(byName.get(key) ?? []), ...ids]);
      }
    }
    return byName;
  });
  return categoryNames;
}

async function intentCategories(db: Executor, text: string): Promise<string[]> {
  const typed = fold(text).replace(/\s+/g, ' ');
  if (!typed) return [];
  return (await namedCategories(db)).get(typed) ?? [];
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

// --- Facets -------------------------------------------------------------------------------

/** The lower bound of a price step on the 1, 2, 5 × 10ⁿ ladder (engine.ts PRICE_STEP). */
export function stepFloor(step: number): number {
  if (step <= 0) return 0;
  return ([1, 2, 5][(step - 1) % 3] ?? 1) * 10 ** Math.floor((step - 1) / 3);
}

const PRICE_BUCKETS = 5;

/** Up to five price ranges with round bounds, each holding about a fifth of the window. */
export function priceFacet(steps: ReadonlyMap<number, number>): { min_minor: number; max_minor: number | null; count: number }[] {
  const sorted = [...steps].sort((left, right) => left[0] - right[0]);
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  const buckets: { min_minor: number; max_minor: number | null; count: number }[] = [];
  let current: { min_minor: number; count: number } | undefined;
  for (const [step, count] of sorted) {
    current ??= { min_minor: buckets.length === 0 ? 0 : stepFloor(step), count: 0 };
    current.count += count;
    if (current.count >= total / PRICE_BUCKETS && buckets.length < PRICE_BUCKETS - 1) {
      buckets.push({ ...current, max_minor: stepFloor(step + 1) - 1 });
      current = undefined;
    }
  }
  if (current) buckets.push({ ...current, max_minor: null });
  const last = buckets[buckets.length - 1];
  if (last) last.max_minor = null;
  return buckets.filter((bucket) => bucket.count > 0);
}

async function facets(db: Executor, groups: readonly FacetGroup[], params: SearchParams, exhaustive: boolean) {
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
  const priceSteps = new Map<number, number>();
  for (const group of groups) {
    const n = Number(group.n);
    const key = pathOf(group.category_id)[level];
    if (key) categoryCounts.set(key, (categoryCounts.get(key) ?? 0) + n);
    typeCounts.set(group.store_type, (typeCounts.get(group.store_type) ?? 0) + n);
    if (group.step >= 0) priceSteps.set(Number(group.step), (priceSteps.get(Number(group.step)) ?? 0) + n);
  }
  const names = new Map(all.map((category) => [category.id, category]));
  const byCount = (left: [string, number], right: [string, number]) => right[1] - left[1] || left[0].localeCompare(right[0]);
  return {
    exhaustive,
    category: [...categoryCounts]
      .sort(byCount)
      .map(([id, count]) => ({ id, name_zh: names.get(id)?.name_zh ?? id, name_en: names.get(id)?.name_en ?? id, count })),
    price: priceFacet(priceSteps),
    store_type: [...typeCounts].sort(byCount).map(([value, count]) => ({ value, count })),
  };
}

// --- Search -----------------------------------------------------------------------------

export interface SearchAnswer {
  /** Each item as JSON text: { product (the card), store (its summary), title_highlight }. */
  items: string[];
  next_cursor: string | null;
  total: { value: number; exact: boolean } | null;
  facets: Awaited<ReturnType<typeof facets>> | null;
  query: { text: string; corrections: { from: string; to: string }[] };
}

/** The words of a query (segmentation with jieba for Chinese), before they are looked up in the index. */
export function clausesOf(params: Pick<SearchParams, 'q'>): Clause[] {
  const text = (params.q ?? '').trim();
  return text ? parsed(text) : [];
}

/**
 * `clauses` are the query's parsed words; a search thread is given them by the server, which
 * parsed them already, so that only one dictionary (~70 MB) is loaded per process.
 */
export async function search(db: Executor, params: SearchParams, clauses: readonly Clause[] = clausesOf(params)): Promise<SearchAnswer> {
  await checkParams(db, params);
  const cursor = decodeCursor(params.cursor);
  const sort = params.sort ?? 'relevance';
  const text = (params.q ?? '').trim();
  const resolution = await resolve(db, clauses);
  const engine = engineFor(db);
  const currency = params.currency ?? DEFAULT_CURRENCY;
  const format = await indexFormat(db);
  const wide: MatchQuery = {
    clauses: resolution.clauses,
    filters: filterTokens(params),
    price: priceRange(params, currency, format),
    inStock: params.in_stock === true,
    before: cursor.b ?? undefined,
  };
  const firstPage = params.cursor === undefined;
  // Best-selling first is the index's own order, so "sales" pages walk it without a window:
  // only the first page reads one, for the facets, and its head is that page.
  const walk = sort === 'sales';
  const window = await engine.window(db, wide, walk && !firstPage ? params.limit + 1 : WINDOW);
  const rows = pageOf(window, {
    clauses: resolution.clauses,
    sort,
    currency,
    intent: sort === 'relevance' ? await intentCategories(db, text) : [],
    offset: walk ? 0 : cursor.o,
    limit: walk ? params.limit + 1 : params.limit,
  });
  const page = rows.slice(0, params.limit);
  let next: Cursor | null = null;
  if (walk) {
    if (rows.length > params.limit) next = { b: page[page.length - 1]?.doc_rowid ?? null, o: 0 };
  } else if (rows[0]) {
    const end = cursor.o + params.limit;
    if (end < window.length) next = { b: cursor.b, o: end };
    else if (window.length === WINDOW) next = { b: window[window.length - 1]?.doc_rowid ?? null, o: 0 };
  }
  // Facets and the total describe the window: all matches when it is not full, else the
  // best-selling WINDOW of them, and the total reads as a lower bound ("400+").
  const groups = firstPage ? facetGroups(window, currency) : [];
  const total = groups.reduce((sum, group) => sum + group.n, 0);
  return {
    items: await present(db, page, resolution.clauses),
    next_cursor: next ? encodeCursor(next) : null,
    total: firstPage ? { value: total, exact: total < WINDOW } : null,
    facets: firstPage ? await facets(db, groups, params, total < WINDOW) : null,
    query: { text, corrections: resolution.corrections },
  };
}

/** The answer as JSON text (items are JSON text already). */
export function answerJson(answer: SearchAnswer): string {
  const { items, ...rest } = answer;
  return `{"items":[${items.join(',')}],${JSON.stringify(rest).slice(1)}`;
}

/**
 * A search's answer as the route sends it (JSON as UTF-8, in a buffer of its own, so a search
 * thread can move it to the server's thread rather than copy it: thread.ts), and the match
 * count the query log records.
 */
export interface Answered {
  body: Uint8Array;
  total: number;
}

const utf8 = new TextEncoder();

export function answered(answer: SearchAnswer): Answered {
  // TextEncoder answers a new buffer of exactly the text's bytes, so moving the whole buffer moves only this.
  return { body: utf8.encode(answerJson(answer)), total: answer.total?.value ?? 0 };
}
