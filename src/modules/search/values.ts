import { CompiledQuery } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { readRows } from '../../kernel/db/prepared.js';
import { cacheScope } from '../../kernel/short-cache.js';
import { SEQUENCE_BITS } from './document.js';

/**
 * What ranking, sorting, facets and the page read of a document: its `search_documents` row
 * without the fingerprint (decision 0014).
 */
export interface DocumentValues {
  doc_rowid: number;
  product_id: string;
  store_id: string;
  category_id: string;
  store_type: string;
  currency: string;
  price_minor: number;
  price_step: number;
  in_stock: number;
  sold_count: number;
  seq: number;
  /** The analyzed title with a space at each end, so a token is found as ` token `. */
  padded_title: string;
  title_length: number;
  /** Category, store type and price step as one key, for counting facets in the document's own currency. */
  facet_key: string;
}

export const VALUE_COLUMNS = [
  'doc_rowid',
  'product_id',
  'store_id',
  'category_id',
  'store_type',
  'currency',
  'price_minor',
  'price_step',
  'in_stock',
  'sold_count',
  'seq',
  'title_tokens',
  'title_length',
] as const;

/** A row as either driver gives it (PostgreSQL's bigints arrive as text) made into values. */
export function valuesOf(row: Record<(typeof VALUE_COLUMNS)[number], unknown>): DocumentValues {
  return {
    doc_rowid: Number(row.doc_rowid),
    product_id: String(row.product_id),
    store_id: String(row.store_id),
    category_id: String(row.category_id),
    store_type: String(row.store_type),
    currency: String(row.currency),
    price_minor: Number(row.price_minor),
    price_step: Number(row.price_step),
    in_stock: Number(row.in_stock),
    sold_count: Number(row.sold_count),
    seq: Number(row.seq),
    padded_title: ` ${row.title_tokens} `,
    title_length: Number(row.title_length),
    facet_key: facetKey(String(row.category_id), String(row.store_type), Number(row.price_step)),
  };
}

export function facetKey(categoryId: string, storeType: string, step: number): string {
  return `${categoryId}\u0000${storeType}\u0000${step}`;
}

interface Entry {
  /** What the values were read under (PostgreSQL: the index row's xmin); undefined on SQLite. */
  stamp: string | undefined;
  values: DocumentValues;
}

/** What a search page shows of a product: its card (catalog's JSON) and the title it highlights. */
export interface Card {
  title: string;
  json: string;
}

/**
 * The values of recently matched documents, by row id, for one database in this process
 * (decision 0014). A window reads its matches' row ids from the text index; their values come
 * from here, and only the misses from the document table. An entry is used only while it is
 * current: on PostgreSQL the window answers each row's xmin, which every rewrite changes, and
 * the entry must carry the same; on SQLite every removal is logged in `search_changes`, and
 * each search evicts what the log added since its last look before it reads entries.
 * Bounded: past `limit` the oldest tenth leaves.
 */
export class ValueCache {
  /** By sequence number (a small integer, which a Map hashes fast), unique to a product; the entry's row id is checked. */
  readonly #entries = new Map<number, Entry>();
  /**
   * Cards of documents whose values are held, by sequence number, each with the values object
   * it was read for. Every change to a card writes its document again (the card is in the
   * fingerprint, indexer.ts), which retires the values object, so a card is current exactly
   * while the values it was read for are the ones held.
   */
  readonly #cards = new Map<number, { values: DocumentValues; card: Card }>();
  /** SQLite: the last `search_changes` id this cache has applied; undefined before the first look. */
  changesSeen: number | undefined;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(docRowid: number, stamp: string | undefined): DocumentValues | undefined {
    const entry = this.#entries.get(docRowid % SEQUENCE_BITS);
    return entry && entry.stamp === stamp && entry.values.doc_rowid === docRowid ? entry.values : undefined;
  }

  put(values: DocumentValues, stamp: string | undefined): void {
    makeRoom(this.#entries, this.limit);
    this.#entries.set(values.seq, { stamp, values });
  }

  evict(docRowid: number): void {
    this.#entries.delete(docRowid % SEQUENCE_BITS);
  }

  clear(): void {
    this.#entries.clear();
    this.#cards.clear();
  }

  /** The card read for these very values (an object `get` answered), if held. */
  card(values: DocumentValues): Card | undefined {
    const held = this.#cards.get(values.seq);
    return held?.values === values ? held.card : undefined;
  }

  /** Holds a card read after `values` were; bounded like the values, to a fifth of their number. */
  putCard(values: DocumentValues, card: Card): void {
    makeRoom(this.#cards, Math.max(1, Math.floor(this.limit / 5)));
    this.#cards.delete(values.seq);
    this.#cards.set(values.seq, { values, card });
  }
}

/** A map at its bound lets its oldest tenth go (a Map iterates in insertion order). */
function makeRoom(map: Map<number, unknown>, limit: number): void {
  if (map.size < limit) return;
  let drop = Math.max(1, Math.floor(limit / 10));
  for (const key of map.keys()) {
    if (drop-- === 0) break;
    map.delete(key);
  }
}

/** At ~300 bytes an entry, about 30 MB a process at most, and a fifth as many cards at ~500 bytes: 10 MB. */
export const VALUE_CACHE_ENTRIES = 100_000;

const caches = new WeakMap<object, ValueCache>();

/** The cache of `db`'s database: one per database (a test process opens many), shared by its transactions. */
export function valueCacheOf(db: Executor): ValueCache {
  const scope = cacheScope(db);
  let cache = caches.get(scope);
  if (!cache) {
    cache = new ValueCache(VALUE_CACHE_ENTRIES);
    caches.set(scope, cache);
  }
  return cache;
}

/** How many removals SQLite's log keeps: a cache further behind forgets everything. */
const CHANGES_KEPT = 10_000;

/**
 * SQLite: applies the removals logged since this cache last looked (`search_changes`; 0 stands
 * for the whole index). One writer at a time numbers them, so ids come in commit order and
 * none is missed. Runs after the window query: whatever changed before that read is seen.
 */
export async function syncSqliteChanges(db: Executor, cache: ValueCache): Promise<void> {
  const seen = cache.changesSeen;
  if (seen === undefined) {
    const [row] = await readRows<{ id: number }>(db, 'SELECT coalesce(max(id), 0) AS id FROM search_changes', []);
    cache.clear();
    cache.changesSeen = row?.id ?? 0;
    return;
  }
  const rows = await readRows<{ id: number; doc_rowid: number }>(db, 'SELECT id, doc_rowid FROM search_changes WHERE id >= ? ORDER BY id', [
    seen,
  ]);
  // The entry last applied is gone: the log was pruned past this cache, which starts over.
  if (seen > 0 && rows[0]?.id !== seen) cache.clear();
  for (const row of rows) {
    if (row.id > seen && row.doc_rowid === 0) cache.clear();
    else if (row.id > seen) cache.evict(row.doc_rowid);
  }
  cache.changesSeen = rows[rows.length - 1]?.id ?? 0;
}

/** SQLite: logs a removed row id (0: the whole index) for every process's cache, keeping the newest CHANGES_KEPT. */
export async function logRemoval(db: Executor, docRowid: number): Promise<void> {
  await db.executeQuery(CompiledQuery.raw('INSERT INTO search_changes (doc_rowid) VALUES (?)', [docRowid]));
  await db.executeQuery(CompiledQuery.raw(`DELETE FROM search_changes WHERE id <= last_insert_rowid() - ${CHANGES_KEPT}`, []));
}
