import { CompiledQuery } from 'kysely';
import { dialectOf, type Executor, fastReaders } from '../../kernel/db/database.js';
import type { IndexDocument } from './document.js';
import { type ResolvedClause, toFts5, toTsquery } from './query.js';

/** A document with its place in the index. */
export interface PlacedDocument extends IndexDocument {
  doc_rowid: number;
  seq: number;
}

/** A matching product with what ranking, filters and facets need. */
export interface Candidate {
  doc_rowid: number;
  product_id: string;
  store_id: string;
  category_id: string;
  store_type: string;
  currency: string;
  price_minor: number;
  sold_count: number;
  created_at: string;
  /** How well the text matched; higher is better, comparable only within one query. */
  text_score: number;
}

export interface CandidateQuery {
  clauses: readonly ResolvedClause[];
  /** Groups of filter tokens; a document needs one token of every group. */
  filters: readonly string[][];
  price?: { min?: number | undefined; max?: number | undefined; currency: string } | undefined;
  /** Only documents whose row id is below this. */
  before?: number | undefined;
  limit: number;
  /** Whether to compute text scores (relevance) or leave them 0. */
  scored: boolean;
}

/**
 * The two engines behind one interface: SQLite FTS5 (embedded) and PostgreSQL tsvector/GIN.
 * Both return matches in row id order (best-selling first), which is what keeps broad queries
 * fast: they read the head of the match list and stop.
 */
export interface SearchEngine {
  nextSeq(db: Executor): Promise<number>;
  write(db: Executor, document: PlacedDocument, previousRowid: number | undefined): Promise<void>;
  writeMany(db: Executor, documents: readonly PlacedDocument[]): Promise<void>;
  remove(db: Executor, docRowid: number): Promise<void>;
  clear(db: Executor): Promise<void>;
  /** Makes the index compact after a bulk load. */
  optimize(db: Executor): Promise<void>;
  candidates(db: Executor, query: CandidateQuery): Promise<Candidate[]>;
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
  'fingerprint',
] as const;
const CANDIDATE_COLUMNS =
  'd.doc_rowid, d.product_id, d.store_id, d.category_id, d.store_type, d.currency, d.price_minor, d.sold_count, d.created_at';
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

/** Conditions besides the match, with a placeholder maker for the dialect. */
function conditions(query: CandidateQuery, rowid: string, placeholder: (value: unknown) => string): string {
  const parts: string[] = [];
  if (query.before !== undefined) parts.push(`${rowid} < ${placeholder(query.before)}`);
  if (query.price) {
    parts.push(`d.currency = ${placeholder(query.price.currency)}`);
    if (query.price.min !== undefined) parts.push(`d.price_minor >= ${placeholder(query.price.min)}`);
    if (query.price.max !== undefined) parts.push(`d.price_minor <= ${placeholder(query.price.max)}`);
  }
  return parts.map((part) => ` AND ${part}`).join('');
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
  candidates(db, query) {
    const parameters: unknown[] = [];
    const placeholder = (value: unknown) => {
      parameters.push(value);
      return '?';
    };
    const hasMatch = query.clauses.length > 0 || query.filters.length > 0;
    if (!hasMatch) {
      const where = conditions(query, 'd.doc_rowid', placeholder);
      const text = `SELECT ${CANDIDATE_COLUMNS}, 0 AS text_score FROM search_documents d WHERE 1 = 1${where} ORDER BY d.doc_rowid DESC LIMIT ${placeholder(query.limit)}`;
      return run<Candidate>(db, text, parameters);
    }
    const score = query.scored ? `-bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}, 0)` : '0';
    const match = placeholder(toFts5(query.clauses, query.filters));
    const where = conditions(query, 'search_fts.rowid', placeholder);
    const text =
      `SELECT ${CANDIDATE_COLUMNS}, ${score} AS text_score FROM search_fts JOIN search_documents d ON d.doc_rowid = search_fts.rowid` +
      ` WHERE search_fts MATCH ${match}${where} ORDER BY search_fts.rowid DESC LIMIT ${placeholder(query.limit)}`;
    return run<Candidate>(db, text, parameters);
  },
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

/** ts_rank weights in {D, C, B, A} order: body, filter tokens, unused, title. */
const POSTGRES_WEIGHTS = `'{${BODY_WEIGHT / TITLE_WEIGHT}, 0, 0, 1}'::float4[]`;

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
  candidates(db, query) {
    const parameters: unknown[] = [];
    const placeholder = (value: unknown) => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    const hasMatch = query.clauses.length > 0 || query.filters.length > 0;
    const tsquery = hasMatch ? `${placeholder(toTsquery(query.clauses, query.filters))}::tsquery` : '';
    const score = hasMatch && query.scored ? `ts_rank(${POSTGRES_WEIGHTS}, d.tsv, ${tsquery})` : '0';
    const where = (hasMatch ? `d.tsv @@ ${tsquery}` : 'true') + conditions(query, 'd.doc_rowid', placeholder);
    const text = `SELECT ${CANDIDATE_COLUMNS}, ${score}::float8 AS text_score FROM search_documents d WHERE ${where} ORDER BY d.doc_rowid DESC LIMIT ${placeholder(query.limit)}`;
    return run<Candidate>(db, text, parameters);
  },
};

export function engineFor(db: Executor): SearchEngine {
  return dialectOf(db) === 'postgres' ? postgresEngine : sqliteEngine;
}
