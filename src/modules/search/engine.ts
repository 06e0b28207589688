import { CompiledQuery } from 'kysely';
import { dialectOf, type Executor } from '../../kernel/db/database.js';
import { readRows } from '../../kernel/db/prepared.js';
import { cacheScope, ShortCache } from '../../kernel/short-cache.js';
import type { PackedDocument } from './document.js';
import { narrowPrice } from './price-share.js';
import { type ResolvedClause, toTsquery } from './query.js';
import { type Dialect, hasMatch, rowConditions, VALUES_SELECTED, withPriceTokens } from './sql-dialect.js';
import { ftsSign, sqliteDialects } from './sqlite-index.js';
import { dropTiers, placeTiers, type Tier, tierCondition, tiersOf } from './tiers.js';
import { type DocumentValues, logRemoval, type VALUE_COLUMNS, valueCacheOf, valuesOf } from './values.js';

/** A document as the engines store it, with its place in the index. */
export interface PlacedDocument extends PackedDocument {
  doc_rowid: number;
  seq: number;
}

export interface MatchQuery {
  clauses: readonly ResolvedClause[];
  /** Groups of filter tokens; a document needs one token of every group. */
  filters: readonly string[][];
  /**
   * The price range, checked on each match's row; `tokens` cover its buckets in the text
   * index (none when too many would), which an engine may match too (`withPriceTokens`).
   */
  price?: { min?: number | undefined; max?: number | undefined; currency: string; tokens: readonly string[] } | undefined;
  /** Only products with stock. */
  inStock?: boolean | undefined;
  /** Only documents whose row id is below this. */
  before?: number | undefined;
  /** Only documents in this tier of best sellers (PostgreSQL's tiered window). */
  tier?: Tier | undefined;
}

/**
 * The two engines behind one interface: SQLite FTS5 (embedded) and PostgreSQL tsvector/GIN.
 * Both read matches in row id order (best-selling first) and stop after a bounded window:
 * that is what keeps a query matching half the catalog as fast as one matching ten products.
 * Ranking and facets are computed from the window's values by the same code for both (rank.ts).
 */
export interface SearchEngine {
  nextSeq(db: Executor): Promise<number>;
  write(db: Executor, document: PlacedDocument, previousRowid: number | undefined): Promise<void>;
  writeMany(db: Executor, documents: readonly PlacedDocument[]): Promise<void>;
  remove(db: Executor, docRowid: number): Promise<void>;
  clear(db: Executor): Promise<void>;
  /** Makes the index compact after a bulk load. */
  optimize(db: Executor): Promise<void>;
  /** Settings for a bulk load on this connection (fewer, larger checkpoints), and back. */
  bulk(db: Executor, on: boolean): Promise<void>;
  /**
   * The window: the values of the first `limit` matches, best-selling (highest row id) first.
   * Found once per search; the page and the facets are computed from it (rank.ts).
   */
  window(db: Executor, query: MatchQuery, limit: number): Promise<DocumentValues[]>;
}

const DOCUMENT_COLUMNS = [
  'doc_rowid',
  'product_id',
  'seq',
  'store_id',
  'category_id',
  'store_type',
  'currency',
  'price_minor',
  'in_stock',
  'sold_count',
  'created_at',
  'price_step',
  'title_tokens',
  'title_length',
  'fingerprint',
] as const;

function documentValues(document: PlacedDocument): unknown[] {
  return DOCUMENT_COLUMNS.map((column) => document[column]);
}

const postgresDialect: Dialect = {
  values: (ids) =>
    `SELECT m.xmin::text AS s, ${VALUES_SELECTED} FROM search_documents d JOIN search_match m ON m.doc_rowid = d.doc_rowid WHERE d.doc_rowid = ANY(${ids}::bigint[])`,
  idsValue: (ids) => ids,
  window(query, limit, parameter) {
    const parts: string[] = [];
    if (hasMatch(query)) parts.push(`d.tsv @@ ${parameter(toTsquery(query.clauses, query.filters))}::tsquery`);
    if (query.tier) parts.push(tierCondition(query.tier));
    const price = rowConditions(query, parameter);
    if (query.before !== undefined) parts.push(`d.doc_rowid < ${parameter(query.before)}`);
    const where = parts.length ? parts.join(' AND ') : 'true';
    // Ordered by an expression, so PostgreSQL takes the GIN index's matches and sorts them
    // rather than walking the row id index and testing every row's tsvector on the way.
    const order = hasMatch(query) ? 'd.doc_rowid + 0' : 'd.doc_rowid';
    return `SELECT d.doc_rowid AS r, d.xmin::text AS s FROM search_match d WHERE ${where}${price} ORDER BY ${order} DESC LIMIT ${parameter(limit)}`;
  },
};

/**
 * PostgreSQL's window, tier by tier (decision 0015). A GIN index answers in table order, not
 * best-selling first, and decodes each word's whole posting list: asked for "red" (8 % of a
 * million products) it reads and sorts 80,000 rows to keep 400. The tiers (tiers.ts) are
 * partial indexes over the best 1,000, 2,000, 4,000 … 256,000 documents: a tier whose matches fill a
 * window has found exactly the first matches, since it holds the top of the row id order.
 * Otherwise the next tier read is the first that, at the density this one met (counted one
 * match higher, as a small count may be low by chance), would hold a window, or the largest;
 * past it, the whole index. The whole index costs as much as all the query's matches and the
 * whole of each word's posting list, a tier only its own, so the estimates err toward tiers.
 */
let tiersOn = true;

/** Turns the tiers off (tests compare with the whole index alone); answers the previous setting. */
export function setPostgresTiers(on: boolean): boolean {
  const previous = tiersOn;
  tiersOn = on;
  return previous;
}

async function windowPostgres(db: Executor, query: MatchQuery, limit: number): Promise<DocumentValues[]> {
  return valuesFor(postgresDialect, 'dollar', db, await foundPostgres(db, await tokened(db, query), limit));
}

/**
 * The query as an engine matches it: with its price's bucket tokens when the range holds few
 * of the index's documents (decision 0018). Both engines then skip the many matches outside
 * it, rather than check each one's row; a wide range's tokens would make them read lists
 * nearly as long as the index's, to spare few rows.
 */
async function tokened(db: Executor, query: MatchQuery): Promise<MatchQuery> {
  return query.price !== undefined && query.price.tokens.length > 0 && (await narrowPrice(db, query.price))
    ? withPriceTokens(query)
    : query;
}

/**
 * Where the walk through the tiers last ended for a query, per process and database, for a
 * minute: the `min_rowid` of the tier that held a whole window, or WHOLE_INDEX. The next
 * search for the same words and conditions starts there instead of at the smallest tier,
 * which saves it a round trip or two; any tier that holds a whole window holds the same
 * window, so where the walk starts changes its cost, never its answer. Kept a minute, so a
 * query whose matches grew among the best sellers comes back to a smaller tier.
 */
const walkEnds = new ShortCache<number>(60_000);
const WHOLE_INDEX = -1;

function walkKey(query: MatchQuery, limit: number): string {
  return JSON.stringify([limit, toTsquery(query.clauses, query.filters), query.price ?? null, query.inStock === true]);
}

async function foundPostgres(db: Executor, query: MatchQuery, limit: number): Promise<Found[]> {
  const tiers = tiersOn && hasMatch(query) ? await tiersOf(db) : [];
  if (tiers.length === 0) return foundBy(postgresDialect, 'dollar', db, query, limit);
  // A cursor's walk starts below it; only first windows remember where they ended.
  const scope = cacheScope(db);
  const key = query.before === undefined ? walkKey(query, limit) : undefined;
  const ended = key === undefined ? undefined : walkEnds.peek(scope, key);
  let next =
    ended === undefined
      ? 0
      : ended === WHOLE_INDEX
        ? tiers.length
        : Math.max(
            0,
            tiers.findIndex((tier) => tier.min_rowid === ended),
          );
  while (next < tiers.length) {
    const tier = tiers[next] as Tier;
    next += 1;
    // Below the cursor, a tier above it holds nothing.
    if (query.before !== undefined && tier.min_rowid >= query.before) continue;
    const found = await foundBy(postgresDialect, 'dollar', db, { ...query, tier }, limit);
    if (found.length >= limit) {
      if (key !== undefined) walkEnds.set(scope, key, tier.min_rowid);
      return found;
    }
    const density = (found.length + 1) / tier.docs;
    // The largest tier is tried before the whole index all the same: rare matches among
    // common words ("black backpack") cost the whole of each word's list there.
    while (next < tiers.length - 1 && density * (tiers[next] as Tier).docs < limit) next += 1;
  }
  if (key !== undefined) walkEnds.set(scope, key, WHOLE_INDEX);
  return foundBy(postgresDialect, 'dollar', db, query, limit);
}

function placeholders(style: 'question' | 'dollar') {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => {
    parameters.push(value);
    return style === 'question' ? '?' : `$${parameters.length}`;
  };
  return { parameters, parameter };
}

/** A match as the window query answers it: the row id and, on PostgreSQL, its index row's xmin. */
interface Found {
  r: number | string;
  s?: string;
}

/** The dialect's window query: the first matches, best-selling first. */
async function foundBy(dialect: Dialect, style: 'question' | 'dollar', db: Executor, query: MatchQuery, limit: number) {
  const { parameters, parameter } = placeholders(style);
  return readRows<Found>(db, dialect.window(query, limit, parameter), parameters);
}

/**
 * The values of a window's matches, in its order (decision 0014): from this process's cache
 * where it holds them as current, the rest from the document table in one read. A match whose
 * document went in between is left out.
 */
async function valuesFor(dialect: Dialect, style: 'question' | 'dollar', db: Executor, found: readonly Found[]) {
  if (found.length === 0) return [];
  const cache = valueCacheOf(db);
  await dialect.sync?.(db, cache);
  const values = found.map((row) => cache.get(Number(row.r), row.s));
  const missing = found.filter((_, index) => values[index] === undefined).map((row) => Number(row.r));
  if (missing.length > 0) {
    const { parameters, parameter } = placeholders(style);
    const read = new Map<number, DocumentValues>();
    for (const row of await readRows<ValueRow>(db, dialect.values(parameter(dialect.idsValue(missing))), parameters)) {
      const fresh = valuesOf(row);
      read.set(fresh.doc_rowid, fresh);
      cache.put(fresh, row.s ?? undefined);
    }
    found.forEach((row, index) => {
      values[index] ??= read.get(Number(row.r));
    });
  }
  return values.filter((entry) => entry !== undefined);
}

type ValueRow = Record<(typeof VALUE_COLUMNS)[number], unknown> & { s?: string | null };

/** Drops the document table's indexes for a bulk load (`on`), or builds them again after it. */
async function bulkIndexes(db: Executor, on: boolean, extra: readonly string[]): Promise<void> {
  const indexes = [
    'CREATE UNIQUE INDEX search_documents_by_product ON search_documents (product_id)',
    'CREATE UNIQUE INDEX search_documents_by_seq ON search_documents (seq)',
    ...extra,
  ];
  for (const create of indexes) {
    const name = create.split(' ').find((word) => word.startsWith('search_'));
    await db.executeQuery(CompiledQuery.raw(on ? `DROP INDEX IF EXISTS ${name}` : create.replace('INDEX', 'INDEX IF NOT EXISTS'), []));
  }
}

const BATCH_ROWS = 400;

function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  return batches;
}

export const sqliteEngine: SearchEngine = {
  async nextSeq(db) {
    const [row] = await readRows<{ seq: number }>(db, 'SELECT coalesce(max(seq), 0) + 1 AS seq FROM search_documents', []);
    return row?.seq ?? 1;
  },
  async write(db, document, previousRowid) {
    if (previousRowid !== undefined) await sqliteEngine.remove(db, previousRowid);
    await sqliteEngine.writeMany(db, [document]);
  },
  async writeMany(db, documents) {
    const sign = await ftsSign(db);
    // FTS5 writes its pending terms out as a new segment whenever a row id is not above the
    // last one it took: rows go in ascending order of the index's own row ids, or a bulk
    // load (read in doc_rowid order) would cut a segment per document.
    const byIndexRowid = [...documents].sort((left, right) => sign * left.doc_rowid - sign * right.doc_rowid);
    for (const batch of inBatches(byIndexRowid, BATCH_ROWS)) {
      const rows = batch.map(() => '(?, ?, ?, ?)').join(', ');
      const texts = batch.flatMap((document) => [
        sign * document.doc_rowid,
        document.title_tokens,
        document.body_text,
        document.facets_text,
      ]);
      await db.executeQuery(CompiledQuery.raw(`INSERT INTO search_fts (rowid, title, body, facets) VALUES ${rows}`, texts));
    }
    for (const batch of inBatches(documents, BATCH_ROWS)) {
      const row = `(${DOCUMENT_COLUMNS.map(() => '?').join(', ')})`;
      await db.executeQuery(
        CompiledQuery.raw(
          `INSERT INTO search_documents (${DOCUMENT_COLUMNS.join(', ')}) VALUES ${batch.map(() => row).join(', ')}`,
          batch.flatMap(documentValues),
        ),
      );
    }
  },
  async remove(db, docRowid) {
    await db.executeQuery(CompiledQuery.raw('DELETE FROM search_fts WHERE rowid = ?', [(await ftsSign(db)) * docRowid]));
    await db.executeQuery(CompiledQuery.raw('DELETE FROM search_documents WHERE doc_rowid = ?', [docRowid]));
    await logRemoval(db, docRowid);
  },
  async clear(db) {
    await db.executeQuery(CompiledQuery.raw("INSERT INTO search_fts (search_fts) VALUES ('delete-all')", []));
    await db.executeQuery(CompiledQuery.raw('DELETE FROM search_documents', []));
    await logRemoval(db, 0);
  },
  async optimize(db) {
    await db.executeQuery(CompiledQuery.raw("INSERT INTO search_fts (search_fts) VALUES ('optimize')", []));
  },
  async bulk(db, on) {
    // Checkpointing every 1,000 pages (the default) copies a bulk load's pages many times over,
    // and indexes are cheaper built once at the end than kept up row by row.
    await db.executeQuery(CompiledQuery.raw(`PRAGMA wal_autocheckpoint = ${on ? 50_000 : 1000}`, []));
    // FTS5 merges its segments as they pile up; a bulk load leaves them to the optimize at its end.
    await db.executeQuery(CompiledQuery.raw(`INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ${on ? 0 : 4})`, []));
    await bulkIndexes(db, on, []);
    if (!on) await db.executeQuery(CompiledQuery.raw('PRAGMA wal_checkpoint(TRUNCATE)', []));
  },
  async window(db, query, limit) {
    const dialect = sqliteDialects[await ftsSign(db)];
    return valuesFor(dialect, 'question', db, await foundBy(dialect, 'question', db, await tokened(db, query), limit));
  },
};

/** The narrow table PostgreSQL finds windows in (decision 0013): the row conditions and the tsvector. */
function matchValues(document: PlacedDocument): unknown[] {
  return [document.doc_rowid, document.in_stock, document.currency, document.price_minor, document.tsv];
}

export const postgresEngine: SearchEngine = {
  async nextSeq(db) {
    const [row] = await readRows<{ seq: number }>(db, "SELECT nextval('search_documents_seq')::bigint AS seq", []);
    if (!row) throw new Error('nextval returned nothing');
    return Number(row.seq);
  },
  async write(db, document, previousRowid) {
    if (previousRowid !== undefined) await postgresEngine.remove(db, previousRowid);
    await postgresEngine.writeMany(db, [document]);
  },
  async writeMany(db, documents) {
    for (const batch of inBatches(documents, BATCH_ROWS)) {
      const { parameters, parameter } = placeholders('dollar');
      const rows = (values: unknown[]) => `(${values.map(parameter).join(', ')})`;
      const documentRows = batch.map((document) => rows(documentValues(document))).join(', ');
      const matchRows = batch.map((document) => rows(matchValues(document))).join(', ');
      await db.executeQuery(
        CompiledQuery.raw(
          `WITH documents AS (INSERT INTO search_documents (${DOCUMENT_COLUMNS.join(', ')}) VALUES ${documentRows}) ` +
            `INSERT INTO search_match (doc_rowid, in_stock, currency, price_minor, tsv) VALUES ${matchRows}`,
          parameters,
        ),
      );
    }
  },
  async remove(db, docRowid) {
    await db.executeQuery(
      CompiledQuery.raw(
        'WITH documents AS (DELETE FROM search_documents WHERE doc_rowid = $1) DELETE FROM search_match WHERE doc_rowid = $1',
        [docRowid],
      ),
    );
  },
  async clear(db) {
    await db.executeQuery(CompiledQuery.raw('TRUNCATE search_documents, search_match', []));
  },
  async optimize(db) {
    await db.executeQuery(CompiledQuery.raw('VACUUM ANALYZE search_documents', []));
    await db.executeQuery(CompiledQuery.raw('VACUUM ANALYZE search_match', []));
    // The tiers are placed for the catalog as the rebuild left it.
    await placeTiers(db);
  },
  async bulk(db, on) {
    // A GIN index built once over a million rows is many times faster than one kept up row by row.
    if (on) await dropTiers(db);
    await bulkIndexes(db, on, ['CREATE INDEX search_match_tsv ON search_match USING gin (tsv)']);
  },
  window: windowPostgres,
};

export function engineFor(db: Executor): SearchEngine {
  return dialectOf(db) === 'postgres' ? postgresEngine : sqliteEngine;
}
