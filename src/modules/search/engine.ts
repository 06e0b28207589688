import { CompiledQuery } from 'kysely';
import { dialectOf, type Executor, fastReaders } from '../../kernel/db/database.js';
import type { IndexDocument } from './document.js';
import { type ResolvedClause, toFts5, toTsquery } from './query.js';

/** A document with its place in the index. */
export interface PlacedDocument extends IndexDocument {
  doc_rowid: number;
  seq: number;
}

/** A product on a page of results, with the window it was ranked in. */
export interface Candidate {
  doc_rowid: number;
  product_id: string;
  store_id: string;
  price_minor: number;
  currency: string;
  sold_count: number;
  /** How well the text matched; higher is better, comparable only within one query. */
  text_score: number;
  /** How many matches the window held, and the row id of its last (for the next window). */
  window_size: number;
  window_last: number;
}

/** Counts of a window's matches by category, store type, currency and price step (1, 2, 5 × 10ⁿ). */
export interface FacetGroup {
  category_id: string;
  store_type: string;
  currency: string;
  step: number;
  n: number;
}

export type EngineSort = 'relevance' | 'sales' | 'price_asc' | 'price_desc' | 'newest';

export interface MatchQuery {
  clauses: readonly ResolvedClause[];
  /** Groups of filter tokens; a document needs one token of every group. */
  filters: readonly string[][];
  price?: { min?: number | undefined; max?: number | undefined; currency: string } | undefined;
  /** Only products with stock. */
  inStock?: boolean | undefined;
  /** Only documents whose row id is below this. */
  before?: number | undefined;
}

export interface PageQuery extends MatchQuery {
  /** Categories the query names (手机): their products rank higher (decision 0007). */
  intent?: readonly string[] | undefined;
  /** How many matches, best-selling first, are ranked (decision 0007). */
  window: number;
  sort: EngineSort;
  offset: number;
  limit: number;
}

/**
 * The two engines behind one interface: SQLite FTS5 (embedded) and PostgreSQL tsvector/GIN.
 * Both read matches in row id order (best-selling first) and stop after a bounded window:
 * that is what keeps a query matching half the catalog as fast as one matching ten products.
 * Ranking, facets and counting run inside the database; only a page of rows comes back.
 */
export interface SearchEngine {
  nextSeq(db: Executor): Promise<number>;
  write(db: Executor, document: PlacedDocument, previousRowid: number | undefined): Promise<void>;
  writeMany(db: Executor, documents: readonly PlacedDocument[]): Promise<void>;
  remove(db: Executor, docRowid: number): Promise<void>;
  clear(db: Executor): Promise<void>;
  /** Makes the index compact after a bulk load. */
  optimize(db: Executor): Promise<void>;
  page(db: Executor, query: PageQuery): Promise<Candidate[]>;
  facets(db: Executor, query: MatchQuery, window: number): Promise<FacetGroup[]>;
  /** How many documents match, counting no further than `cap`. */
  count(db: Executor, query: MatchQuery, cap: number): Promise<number>;
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
  'fingerprint',
] as const;
/** Title matches weigh five times body matches; filter tokens weigh nothing. */
const TITLE_WEIGHT = 10;
const BODY_WEIGHT = 2;

function documentValues(document: PlacedDocument): unknown[] {
  return DOCUMENT_COLUMNS.map((column) => document[column]);
}

async function run<Row>(db: Executor, text: string, parameters: unknown[]): Promise<Row[]> {
  const rows = fastReaders.get(db)?.(text, parameters);
  if (rows) return rows as Row[];
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, parameters))).rows;
}

/** The SQL of one dialect: the window of matches, best-selling first, as row ids `r` and text scores `s`. */
interface Dialect {
  window(query: MatchQuery, limit: number, scored: boolean, parameter: (value: unknown) => string): string;
}

/** Conditions checked on the document row rather than in the text index. */
function rowConditions(query: MatchQuery, parameter: (value: unknown) => string): string {
  const parts = query.inStock ? ['d.in_stock = 1'] : [];
  if (query.price) {
    parts.push(`d.currency = ${parameter(query.price.currency)}`);
    if (query.price.min !== undefined) parts.push(`d.price_minor >= ${parameter(query.price.min)}`);
    if (query.price.max !== undefined) parts.push(`d.price_minor <= ${parameter(query.price.max)}`);
  }
  return parts.map((part) => ` AND ${part}`).join('');
}

function hasRowConditions(query: MatchQuery): boolean {
  return query.price !== undefined || query.inStock === true;
}

function hasMatch(query: MatchQuery): boolean {
  return query.clauses.length > 0 || query.filters.length > 0;
}

const sqliteDialect: Dialect = {
  window(query, limit, scored, parameter) {
    // Placeholders are numbered by position here, so parameters are added in the order the text uses them.
    if (!hasMatch(query)) {
      const price = rowConditions(query, parameter);
      const before = query.before === undefined ? '' : ` AND d.doc_rowid < ${parameter(query.before)}`;
      return `SELECT d.doc_rowid AS r, 0 AS s FROM search_documents d WHERE 1 = 1${price}${before} ORDER BY d.doc_rowid DESC LIMIT ${parameter(limit)}`;
    }
    const score = scored && query.clauses.length > 0 ? `-bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}, 0)` : '0';
    const match = parameter(toFts5(query.clauses, query.filters));
    const price = rowConditions(query, parameter);
    const before = query.before === undefined ? '' : ` AND search_fts.rowid < ${parameter(query.before)}`;
    const join = hasRowConditions(query) ? ' JOIN search_documents d ON d.doc_rowid = search_fts.rowid' : '';
    return (
      `SELECT search_fts.rowid AS r, ${score} AS s FROM search_fts${join} WHERE search_fts MATCH ${match}` +
      `${price}${before} ORDER BY search_fts.rowid DESC LIMIT ${parameter(limit)}`
    );
  },
};

const postgresDialect: Dialect = {
  window(query, limit, scored, parameter) {
    const parts: string[] = [];
    let score = '0';
    if (hasMatch(query)) {
      const tsquery = `${parameter(toTsquery(query.clauses, query.filters))}::tsquery`;
      parts.push(`d.tsv @@ ${tsquery}`);
      if (scored && query.clauses.length > 0) score = `ts_rank(${POSTGRES_WEIGHTS}, d.tsv, ${tsquery})`;
    }
    if (query.before !== undefined) parts.push(`d.doc_rowid < ${parameter(query.before)}`);
    const where = parts.length ? parts.join(' AND ') : 'true';
    return `SELECT d.doc_rowid AS r, ${score}::float8 AS s FROM search_documents d WHERE ${where}${rowConditions(query, parameter)} ORDER BY d.doc_rowid DESC LIMIT ${parameter(limit)}`;
  },
};

/** ts_rank weights in {D, C, B, A} order: body, filter tokens, unused, title. */
const POSTGRES_WEIGHTS = `'{${BODY_WEIGHT / TITLE_WEIGHT}, 0, 0, 1}'::float4[]`;

/** How much more a product in the category the query names counts. */
const INTENT_BOOST = 1.5;

/** Relevance (decision 0007): the text score times a quality factor growing with the log of sales. */
const ORDER: Record<EngineSort, string> = {
  relevance: 'm.s * (1 + 0.25 * ln(1 + d.sold_count)){intent} DESC, d.doc_rowid DESC',
  sales: 'd.doc_rowid DESC',
  price_asc: 'CASE WHEN d.currency = CAST({currency} AS TEXT) THEN 0 ELSE 1 END, d.price_minor ASC, d.doc_rowid DESC',
  price_desc: 'CASE WHEN d.currency = CAST({currency} AS TEXT) THEN 0 ELSE 1 END, d.price_minor DESC, d.doc_rowid DESC',
  newest: 'd.created_at DESC, d.doc_rowid DESC',
};

function placeholders(style: 'question' | 'dollar') {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => {
    parameters.push(value);
    return style === 'question' ? '?' : `$${parameters.length}`;
  };
  return { parameters, parameter };
}

function queries(dialect: Dialect, style: 'question' | 'dollar'): Pick<SearchEngine, 'page' | 'facets' | 'count'> {
  return {
    page(db, query) {
      const { parameters, parameter } = placeholders(style);
      const window = dialect.window(query, query.window, query.sort === 'relevance', parameter);
      // Only relevance uses the intent; its parameters must not be added to the others' texts.
      const intent =
        query.sort === 'relevance' && query.intent?.length
          ? ` * (CASE WHEN d.category_id IN (${query.intent.map(parameter).join(', ')}) THEN ${INTENT_BOOST} ELSE 1 END)`
          : '';
      const order = ORDER[query.sort].replace('{intent}', intent).replace('{currency}', () => parameter(query.price?.currency ?? 'CNY'));
      const text =
        'SELECT d.doc_rowid, d.product_id, d.store_id, d.price_minor, d.currency, d.sold_count, m.s AS text_score, ' +
        `count(*) OVER () AS window_size, min(m.r) OVER () AS window_last FROM (${window}) m JOIN search_documents d ON d.doc_rowid = m.r ` +
        `ORDER BY ${order} LIMIT ${parameter(query.limit)} OFFSET ${parameter(query.offset)}`;
      return run<Candidate>(db, text, parameters);
    },
    facets(db, query, window) {
      const { parameters, parameter } = placeholders(style);
      const text =
        'SELECT d.category_id, d.store_type, d.currency, d.price_step AS step, count(*) AS n ' +
        `FROM (${dialect.window(query, window, false, parameter)}) m JOIN search_documents d ON d.doc_rowid = m.r GROUP BY 1, 2, 3, 4`;
      return run<FacetGroup>(db, text, parameters);
    },
    async count(db, query, cap) {
      const { parameters, parameter } = placeholders(style);
      const [row] = await run<{ n: number }>(
        db,
        `SELECT count(*) AS n FROM (${dialect.window(query, cap, false, parameter)}) m`,
        parameters,
      );
      return Number(row?.n ?? 0);
    },
  };
}

const BATCH_ROWS = 400;

function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  return batches;
}

export const sqliteEngine: SearchEngine = {
  async nextSeq(db) {
    const [row] = await run<{ seq: number }>(db, 'SELECT coalesce(max(seq), 0) + 1 AS seq FROM search_documents', []);
    return row?.seq ?? 1;
  },
  async write(db, document, previousRowid) {
    if (previousRowid !== undefined) await sqliteEngine.remove(db, previousRowid);
    await sqliteEngine.writeMany(db, [document]);
  },
  async writeMany(db, documents) {
    for (const batch of inBatches(documents, BATCH_ROWS)) {
      const rows = batch.map(() => '(?, ?, ?, ?)').join(', ');
      const texts = batch.flatMap((document) => [
        document.doc_rowid,
        document.title.join(' '),
        document.body.join(' '),
        document.facets.join(' '),
      ]);
      await db.executeQuery(CompiledQuery.raw(`INSERT INTO search_fts (rowid, title, body, facets) VALUES ${rows}`, texts));
      const placeholders = `(${DOCUMENT_COLUMNS.map(() => '?').join(', ')})`;
      await db.executeQuery(
        CompiledQuery.raw(
          `INSERT INTO search_documents (${DOCUMENT_COLUMNS.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')}`,
          batch.flatMap(documentValues),
        ),
      );
    }
  },
  async remove(db, docRowid) {
    await db.executeQuery(CompiledQuery.raw('DELETE FROM search_fts WHERE rowid = ?', [docRowid]));
    await db.executeQuery(CompiledQuery.raw('DELETE FROM search_documents WHERE doc_rowid = ?', [docRowid]));
  },
  async clear(db) {
    await db.executeQuery(CompiledQuery.raw("INSERT INTO search_fts (search_fts) VALUES ('delete-all')", []));
    await db.executeQuery(CompiledQuery.raw('DELETE FROM search_documents', []));
  },
  async optimize(db) {
    await db.executeQuery(CompiledQuery.raw("INSERT INTO search_fts (search_fts) VALUES ('optimize')", []));
  },
  ...queries(sqliteDialect, 'question'),
};

const MAX_POSITION = 16383;

/** The tsvector literal, built here so PostgreSQL's text parser (and its locale) never splits our tokens. */
export function tsvectorLiteral(document: Pick<IndexDocument, 'title' | 'body' | 'facets'>): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (tokens: readonly string[], weight: string) => {
    for (const token of tokens) {
      position = Math.min(position + 1, MAX_POSITION);
      let list = positions.get(token);
      if (!list) {
        list = [];
        positions.set(token, list);
      }
      if (list.length < 256) list.push(`${position}${weight}`);
    }
  };
  add(document.title, 'A');
  add(document.body, '');
  add(document.facets, 'C');
  return [...positions].map(([token, list]) => `'${token.replaceAll("'", "''").replaceAll('\\', '\\\\')}':${list.join(',')}`).join(' ');
}

export const postgresEngine: SearchEngine = {
  async nextSeq(db) {
    const [row] = await run<{ seq: number }>(db, "SELECT nextval('search_documents_seq')::bigint AS seq", []);
    if (!row) throw new Error('nextval returned nothing');
    return Number(row.seq);
  },
  async write(db, document, previousRowid) {
    if (previousRowid !== undefined) {
      await db.executeQuery(CompiledQuery.raw('DELETE FROM search_documents WHERE doc_rowid = $1', [previousRowid]));
    }
    await postgresEngine.writeMany(db, [document]);
  },
  async writeMany(db, documents) {
    for (const batch of inBatches(documents, BATCH_ROWS)) {
      const width = DOCUMENT_COLUMNS.length + 1;
      const rows = batch
        .map((_, row) => `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')}::tsvector)`)
        .join(', ');
      const parameters = batch.flatMap((document) => [...documentValues(document), tsvectorLiteral(document)]);
      await db.executeQuery(
        CompiledQuery.raw(`INSERT INTO search_documents (${DOCUMENT_COLUMNS.join(', ')}, tsv) VALUES ${rows}`, parameters),
      );
    }
  },
  async remove(db, docRowid) {
    await db.executeQuery(CompiledQuery.raw('DELETE FROM search_documents WHERE doc_rowid = $1', [docRowid]));
  },
  async clear(db) {
    await db.executeQuery(CompiledQuery.raw('TRUNCATE search_documents', []));
  },
  async optimize(db) {
    await db.executeQuery(CompiledQuery.raw('VACUUM ANALYZE search_documents', []));
  },
  ...queries(postgresDialect, 'dollar'),
};

export function engineFor(db: Executor): SearchEngine {
  return dialectOf(db) === 'postgres' ? postgresEngine : sqliteEngine;
}
