import { type Compilable, CompiledQuery } from 'kysely';
import { dialectOf, type Executor, fastReaders } from './database.js';

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
export function preparedQuery<Args extends unknown[], Row>(
  name: string,
  build: (db: Executor, ...markers: { [K in keyof Args]: string }) => Compilable<Row>,
): (db: Executor, ...args: Args) => Promise<Row[]> {
  const arity = build.length - 1;
  return async (db, ...args) => {
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
    const parameters = prepared.slots.map((slot, index) => (slot === -1 ? prepared.compiled.parameters[index] : args[slot]));
    const rows = fastReaders.get(db)?.(prepared.compiled.sql, parameters);
    if (rows) return rows as Row[];
    const result = await db.executeQuery<Row>({ ...prepared.compiled, parameters });
    return result.rows;
  };
}

type Statement<Row> = (db: Executor, ...values: unknown[]) => Promise<{ rows: Row[]; changed: number }>;

/**
 * A hot statement written as SQL (`?` placeholders, quoted names that both databases read the
 * same), for the few per-request writes whose Kysely form costs more than running them.
 * Answers the driver's result: rows (when it returns any) and the rows it changed.
 */
export function preparedStatement<Row = unknown>(text: string): Statement<Row> {
  let index = 0;
  const texts = { sqlite: text, postgres: text.replace(/\?/g, () => `$${++index}`) };
  return async (db, ...values) => {
    const result = await db.executeQuery<Row>(CompiledQuery.raw(texts[dialectOf(db)], values));
    return { rows: result.rows, changed: Number(result.numAffectedRows ?? 0n) };
  };
}

const rowInserts = new Map<string, Statement<unknown>>();

/**
 * Inserts one row of a table's own row type, its SQL written once per table, set of columns
 * (undefined values are left out, as Kysely does) and `suffix` (an `on conflict` clause
 * without parameters): for the inserts that run several times per request (events, jobs,
 * history rows, orders, payments). Answers how many rows it inserted.
 */
export async function insertRow<Row extends object>(db: Executor, table: string, row: Row, suffix = ''): Promise<number> {
  const columns = Object.keys(row).filter((column) => row[column as keyof Row] !== undefined);
  const cacheKey = `${table} ${columns.join(',')} ${suffix}`;
  let insert = rowInserts.get(cacheKey);
  if (insert === undefined) {
    const names = columns.map((column) => `"${column}"`).join(', ');
    insert = preparedStatement(`insert into "${table}" (${names}) values (${columns.map(() => '?').join(', ')}) ${suffix}`.trim());
    rowInserts.set(cacheKey, insert);
  }
  return (await insert(db, ...columns.map((column) => row[column as keyof Row]))).changed;
}
