import { type Compilable, CompiledQuery, type RawBuilder, type SqlBool, sql } from 'kysely';
import { dialectOf, type Executor, fastReaders } from './database.js';
import { blind } from './pg-client.js';

/**
 * Hot queries built once. Building and compiling a Kysely query costs about as much as
 * running it on SQLite, so a query that runs on every request (the session lookup, the
 * product page) is built once per database with marker parameters; each call then runs the
 * compiled SQL with the real values put where the markers were.
 */
const MARKER = '\u0000jishi-parameter-';

interface Prepared {
  compiled: CompiledQuery;
  /** For each compiled parameter: the index of the argument it takes, or -1 to keep it as built. */
  slots: number[];
}

// Compiled SQL depends only on the dialect, so the cache is keyed by the dialect's adapter,
// which a database and every transaction on it share.
const caches = new WeakMap<object, Map<string, Prepared>>();

function prepare(db: Executor, arity: number, build: (db: Executor, ...markers: string[]) => Compilable<unknown>): Prepared {
  const markers = Array.from({ length: arity }, (_, index) => `${MARKER}${index}`);
  const compiled = build(db, ...markers).compile();
  const slots = compiled.parameters.map((parameter) =>
    typeof parameter === 'string' && parameter.startsWith(MARKER) ? Number(parameter.slice(MARKER.length)) : -1,
  );
  for (let index = 0; index < arity; index += 1) {
    if (!slots.includes(index)) throw new Error(`prepared query: argument ${index} is not used as a parameter`);
  }
  return { compiled, slots };
}

/**
 * Defines a hot query. `build` receives the executor and one marker per argument and must
 * use each marker only as a plain value (in a where, a limit…), never in SQL text.
 */
export interface PreparedQuery<Args extends unknown[], Row> {
  (db: Executor, ...args: Args): Promise<Row[]>;
  /** The query with these arguments, to send with others (`readTogether`). */
  compiled(db: Executor, ...args: Args): CompiledQuery<Row>;
}

export function preparedQuery<Args extends unknown[], Row>(
  name: string,
  build: (db: Executor, ...markers: { [K in keyof Args]: string }) => Compilable<Row>,
): PreparedQuery<Args, Row> {
  const arity = build.length - 1;
  const compiled = (db: Executor, ...args: Args): CompiledQuery<Row> => {
    const adapter = db.getExecutor().adapter;
    let cache = caches.get(adapter);
    if (!cache) {
      cache = new Map();
      caches.set(adapter, cache);
    }
    let prepared = cache.get(name);
    if (!prepared) {
      prepared = prepare(db, arity, build as (db: Executor, ...markers: string[]) => Compilable<unknown>);
      cache.set(name, prepared);
    }
    const built = prepared.compiled;
    const parameters = prepared.slots.map((slot, index) => (slot === -1 ? built.parameters[index] : args[slot]));
    return { ...built, parameters } as CompiledQuery<Row>;
  };
  const run = async (db: Executor, ...args: Args): Promise<Row[]> => {
    const query = compiled(db, ...args);
    return readRows<Row>(db, query.sql, query.parameters);
  };
  return Object.assign(run, { compiled });
}

/**
 * Runs a read given as SQL text: at once on the embedded database when its connection is free
 * (`fastReaders`, sqlite-dialect.ts), through Kysely otherwise (a transaction, PostgreSQL).
 */
export async function readRows<Row>(db: Executor, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  const rows = fastReaders.get(db)?.(text, parameters);
  if (rows) return rows as Row[];
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/**
 * A condition that `column` is one of a list passed as one parameter, so that a prepared
 * query takes lists of any length with one compiled text: SQLite reads the list as a JSON
 * array (`json_each`), PostgreSQL as an array (`= ANY`). Both use the column's index. The
 * argument is made by `listOf`.
 */
export function inList(db: Executor, column: string, marker: string): RawBuilder<SqlBool> {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = ANY(${marker})`
    : sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${marker}))`;
}

/** The parameter standing for a list in `inList`. */
export function listOf(db: Executor, values: readonly (string | number)[]): unknown {
  return dialectOf(db) === 'postgres' ? values : JSON.stringify(values);
}

/**
 * Runs reads that do not depend on each other as one exchange: inside a PostgreSQL
 * transaction they leave together and come back together (pg-client.ts pipelines them),
 * instead of one round trip each; Kysely would otherwise send a transaction's statements one
 * after the other. SQLite runs them one after the other, as always. Answers each one's rows.
 */
export function readTogether(db: Executor, queries: readonly CompiledQuery[]): Promise<unknown[][]> {
  return db
    .getExecutor()
    .provideConnection((connection) => Promise.all(queries.map(async (query) => (await connection.executeQuery(query)).rows)));
}

type Statement<Row> = (db: Executor, ...values: unknown[]) => Promise<{ rows: Row[]; changed: number }>;

export interface StatementOptions {
  /**
   * No caller reads the answer: inside a PostgreSQL transaction the statement is sent without
   * waiting for it, and a failure surfaces at the next statement waited for, or the commit
   * (pg-client.ts). `changed` then reads 1. SQLite runs it as any other.
   */
  blind?: boolean;
  /** For a blind `insert … select`: the tables it reads (pg-client.ts batches around them). */
  reads?: readonly string[];
}

/**
 * A hot statement written as SQL (`?` placeholders, quoted names that both databases read the
 * same), for the few per-request writes whose Kysely form costs more than running them.
 * Answers the driver's result: rows (when it returns any) and the rows it changed.
 */
export function preparedStatement<Row = unknown>(text: string, options: StatementOptions = {}): Statement<Row> {
  let index = 0;
  const texts = { sqlite: text, postgres: text.replace(/\?/g, () => `$${++index}`) };
  // pg-client knows a blind statement by its text: the mark keeps the same SQL sent by a
  // caller that reads its answer from being taken for the blind one.
  if (options.blind) {
    texts.postgres += ' /* blind */';
    blind(texts.postgres, options.reads);
  }
  return async (db, ...values) => {
    const result = await db.executeQuery<Row>(CompiledQuery.raw(texts[dialectOf(db)], values));
    return { rows: result.rows, changed: Number(result.numAffectedRows ?? 0n) };
  };
}

const rowInserts = new Map<string, Statement<unknown>>();

/**
 * Inserts rows of a table's own row type, its SQL written once per table, set of columns
 * (those of the first row; undefined values are left out, as Kysely does), number of rows,
 * `suffix` (an `on conflict` clause without parameters) and options: for the inserts that run
 * several times per request (events, jobs, history rows, orders, postings). Answers how many
 * rows it inserted (not to be read when blind).
 */
export async function insertRows<Row extends object>(
  db: Executor,
  table: string,
  rows: readonly Row[],
  suffix = '',
  options: StatementOptions = {},
): Promise<number> {
  const first = rows[0];
  if (first === undefined) return 0;
  const columns = Object.keys(first).filter((column) => first[column as keyof Row] !== undefined);
  const cacheKey = `${table} ${columns.join(',')} ${rows.length} ${suffix} ${options.blind === true}`;
  let insert = rowInserts.get(cacheKey);
  if (insert === undefined) {
    const names = columns.map((column) => `"${column}"`).join(', ');
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const tuples = rows.map(() => tuple).join(', ');
    insert = preparedStatement(`insert into "${table}" (${names}) values ${tuples} ${suffix}`.trim(), options);
    rowInserts.set(cacheKey, insert);
  }
  const values = rows.flatMap((row) => columns.map((column) => row[column as keyof Row]));
  return (await insert(db, ...values)).changed;
}

/** One row of `insertRows`. */
export function insertRow<Row extends object>(db: Executor, table: string, row: Row, suffix = '', options: StatementOptions = {}) {
  return insertRows(db, table, [row], suffix, options);
}

const rowUpdates = new Map<string, Statement<unknown>>();

/**
 * `update table set … where …` with every condition an equality, its SQL written once per
 * table and the columns set and matched (undefined values are left out of the set): for the
 * per-request updates of a row by its key and version (a lifecycle's compare-and-set).
 * Answers how many rows it changed.
 */
export async function updateWhere(
  db: Executor,
  table: string,
  changes: Record<string, unknown>,
  where: Record<string, unknown>,
  options: StatementOptions = {},
): Promise<number> {
  const columns = Object.keys(changes).filter((column) => changes[column] !== undefined);
  const conditions = Object.keys(where);
  const cacheKey = `${table} ${columns.join(',')} ${conditions.join(',')} ${options.blind === true}`;
  let update = rowUpdates.get(cacheKey);
  if (update === undefined) {
    const set = columns.map((column) => `"${column}" = ?`).join(', ');
    const match = conditions.map((column) => `"${column}" = ?`).join(' and ');
    update = preparedStatement(`update "${table}" set ${set} where ${match}`, options);
    rowUpdates.set(cacheKey, update);
  }
  const values = [...columns.map((column) => changes[column]), ...conditions.map((column) => where[column])];
  return (await update(db, ...values)).changed;
}
