import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { Checkpointer, type CheckpointReport } from './checkpointer.js';
import { configureClient } from './pg-client.js';
import { CachingSqliteDialect, type CommitStats } from './sqlite-dialect.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The query executor every module receives: the database itself or a transaction on it.
 * Modules narrow it to their own tables (`Kysely<AccountsTables>`); `any` here is what lets
 * one executor serve every module without the kernel knowing their tables.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above.
export type Executor = Kysely<any>;

/**
 * A synchronous read on the embedded database, used by hot prepared queries when the
 * connection is free (see sqlite-dialect.ts). Registered per Kysely instance; transactions
 * and PostgreSQL have none and take the ordinary path.
 */
export type ReadNow = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;
export const fastReaders = new WeakMap<object, ReadNow>();

export interface Database {
  readonly db: Executor;
  readonly dialect: DialectName;
  /** A short description for logs, with no password in it. */
  readonly description: string;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** SQLite only: transactions committed, and the group commits that carried them (sqlite-dialect.ts). */
  commitStats?(): CommitStats;
  /** SQLite with background checkpoints only: what the checkpoint worker last did. */
  checkpoints?(): CheckpointReport;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Largest number of PostgreSQL connections this process opens. */
  poolSize?: number;
  /** SQLite: checkpoint the WAL on a worker thread (checkpointer.ts); the server turns it on. */
  backgroundCheckpoints?: boolean;
}

/**
 * With the worker checkpointing, the server's own connection checkpoints only when the log
 * passes this many pages (~120 MB). Under a saturating write load the log never restarts by
 * itself: the worker's checkpoint copies the frames that were there when it began, and new
 * ones are always being appended by then. The server's own checkpoint, as the only writer,
 * finishes the copy and lets the next transaction restart the log from its start. Its cost
 * is the frames the worker has not copied yet (at most CHECKPOINT_EVERY_MS of writing) and
 * two syncs. Measured under checkout + pay at concurrency 16 (pair p99): worker every 200 ms
 * with the backstop at 400 MB, a ~190 ms stall every ~5 s (the file was also cut back from
 * 400 MB) and p99 ~50 ms; every 50 ms at 64 MB, ~25 ms every ~0.7 s and p99 41–50 ms; every
 * 20 ms at ~120 MB, p99 29–36 ms. Every 10 ms cost more than it saved. The file stays below
 * JOURNAL_SIZE_LIMIT, so a restart reuses it instead of cutting and growing it again.
 */
const BACKSTOP_AUTOCHECKPOINT = 30_000;
const JOURNAL_SIZE_LIMIT = 160 * 1024 * 1024;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
const CHECKPOINT_EVERY_MS = 20;

const BIGINT_OID = 20;

/**
 * PostgreSQL returns int8 (money amounts, counters) as text so as not to lose precision.
 * Jishi keeps every integer inside Number's safe range, and asserts it here.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value beyond the safe range: ${text}`);
  return value;
}

function openPostgres(databaseUrl: string, poolSize: number): Database {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === BIGINT_OID ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  // Pipeline mode lets a connection send statements without waiting for the answers before
  // them (pg-client.ts); nothing sends two at once but the transactions pg-client.ts pipelines.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types, pipeline: true } as pg.PoolConfig);
  // A connection the server drops while it sits idle or is closing (a restart, a failover, an
  // administrator) must not take the process down: the pool replaces it, and a query in flight
  // still gets its own error.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    configureClient(client);
  });
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const url = new URL(databaseUrl);
  return {
    db,
    dialect: 'postgres',
    description: `postgres://${url.host}${url.pathname}`,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

function openSqlite(dataDir: string, backgroundCheckpoints: boolean): Database {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'jishi.db');
  const connection = new BetterSqlite3(file);
  connection.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL is durable against process crashes, which is what matters
  // for a single-machine shop; a power loss may lose the last transactions but never corrupts.
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  connection.pragma('cache_size = -65536');
  connection.pragma('temp_store = MEMORY');
  // Read the file through a memory map (up to SQLite's 2 GiB limit) instead of a read()
  // system call per page: product pages and sessions are read far more than written.
  connection.pragma('mmap_size = 2147418112');
  let checkpointer: Checkpointer | undefined;
  if (backgroundCheckpoints) {
    connection.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
    connection.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    checkpointer = new Checkpointer(file, {
      every_ms: CHECKPOINT_EVERY_MS,
      onExit: () => {
        if (connection.open) connection.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
      },
    });
  }
  const dialect = new CachingSqliteDialect(connection);
  const db = new Kysely({ dialect });
  fastReaders.set(db, (sql, parameters) => dialect.readNow(sql, parameters));
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
    commitStats: () => dialect.commitStats(),
    ...(checkpointer ? { checkpoints: () => ({ ...(checkpointer as Checkpointer).report }) } : {}),
  };
}

export function openDatabase(options: DatabaseOptions): Database {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openSqlite(options.dataDir, options.backgroundCheckpoints ?? false);
}

/** The dialect behind an executor (a database or a transaction), for the few places SQL differs. */
export function dialectOf(db: Executor): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
