import type BetterSqlite3 from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { asGuardError } from './guards.js';

/**
 * Kysely's own SQLite driver prepares every statement anew and opens transactions with a
 * plain (deferred) BEGIN. This one keeps a bounded cache of prepared statements, and opens
 * every transaction with BEGIN IMMEDIATE: a deferred transaction that reads first and writes
 * later can fail with SQLITE_BUSY on the lock upgrade when another process (a CLI command, a
 * second server) holds the write lock; an immediate one waits for the lock up front, under
 * busy_timeout, and then cannot fail that way.
 */
const STATEMENT_CACHE_SIZE = 500;

class StatementCache {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly database: BetterSqlite3.Database) {}

  get(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement) return statement;
    statement = this.database.prepare(sql);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    this.statements.set(sql, statement);
    return statement;
  }
}

class SqliteConnection implements DatabaseConnection {
  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly cache: StatementCache,
    private readonly beforeWrite: () => void,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    // Transaction control statements change state and are never worth caching.
    const statement = /^(begin|commit|rollback|savepoint|release)/i.test(sql) ? this.database.prepare(sql) : this.cache.get(sql);
    if (statement.reader) {
      return Promise.resolve({ rows: statement.all(parameters as unknown[]) as R[] });
    }
    this.beforeWrite();
    let outcome: BetterSqlite3.RunResult;
    try {
      outcome = statement.run(parameters as unknown[]);
    } catch (error) {
      throw asGuardError(error);
    }
    const { changes, lastInsertRowid } = outcome;
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered on this driver.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the SQLite driver');
  }
}

/** SQLite has one connection; a mutex hands it to one user (a query or a transaction) at a time. */
class ConnectionMutex {
  private pending: Promise<void> | undefined;
  private release: (() => void) | undefined;

  get locked(): boolean {
    return this.pending !== undefined;
  }

  async lock(): Promise<void> {
    while (this.pending) await this.pending;
    this.pending = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  unlock(): void {
    const release = this.release;
    this.pending = undefined;
    this.release = undefined;
    release?.();
  }
}

/** One holder's turn on the connection: released once, by the commit or by Kysely after it. */
class Lease implements DatabaseConnection {
  released = false;

  constructor(
    private readonly connection: SqliteConnection,
    private readonly outside: (lease: Lease, compiledQuery: CompiledQuery) => Promise<QueryResult<unknown>> | undefined,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return (this.outside(this, compiledQuery) ?? this.connection.executeQuery(compiledQuery)) as Promise<QueryResult<R>>;
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    return this.connection.streamQuery();
  }
}

/** Transactions that finished their work and wait for the commit they share. */
interface CommitGroup {
  members: number;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

export interface CommitStats {
  transactions: number;
  commits: number;
}

const DATA_CHANGE = /^\s*(insert|update|delete|replace)\b/i;

/** At most this many transactions share one commit; more commit at once. */
export const GROUP_COMMIT_MAX = 32;

/**
 * Group commit. A SQLite commit costs far more than the statements before it (the WAL
 * frames of every page touched, and now and then a checkpoint), and SQLite has one writer
 * anyway. So a transaction runs as a savepoint inside one shared write transaction; when its
 * work is done it releases its savepoint and gives the connection to the next, and the shared
 * transaction commits once the connection is free — at the latest on the next turn of the
 * event loop, or when GROUP_COMMIT_MAX transactions wait. Each caller's transaction resolves
 * only after that commit, so nothing is acknowledged before it is durable, and a transaction
 * that fails rolls back to its own savepoint without touching the others.
 *
 * A data change outside a transaction (insert, update, delete) joins the group as a
 * transaction of its own; other writes outside one (DDL) commit the group first and run alone.
 * A read outside a transaction may see the work of a finished transaction a moment before it
 * is committed; it is the same process, and the commit of a write transaction that holds the
 * lock (BEGIN IMMEDIATE) fails only when the disk does, which fails every member.
 */
class SqliteDriver implements Driver {
  private readonly mutex = new ConnectionMutex();
  private readonly connection: SqliteConnection;
  readonly cache: StatementCache;
  private group: CommitGroup | undefined;
  private inTransaction = false;
  private flushScheduled = false;
  /**
   * Transactions run one after another, never nested, so one savepoint name serves them all
   * and the control statements are prepared once.
   */
  private readonly control: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback', BetterSqlite3.Statement>;
  readonly stats: CommitStats = { transactions: 0, commits: 0 };

  constructor(private readonly database: BetterSqlite3.Database) {
    this.cache = new StatementCache(database);
    this.control = {
      begin: database.prepare('begin immediate'),
      savepoint: database.prepare('savepoint tx'),
      release: database.prepare('release tx'),
      rollbackTo: database.prepare('rollback to tx'),
      commit: database.prepare('commit'),
      rollback: database.prepare('rollback'),
    };
    this.connection = new SqliteConnection(database, this.cache, () => {
      if (!this.inTransaction && this.group) this.commitGroup();
    });
  }

  /**
   * Runs a read at once, synchronously, when nothing holds the connection — no transaction
   * is running (one that finished may wait for the group's commit, see above) — and answers
   * undefined otherwise, for the caller to go the ordinary way. JavaScript runs one thing at
   * a time, so nothing can start a transaction while the statement runs.
   */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    if (this.mutex.locked) return undefined;
    const statement = this.cache.get(sql);
    if (!statement.reader) return undefined;
    return statement.all(parameters as unknown[]);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return new Lease(this.connection, (lease, compiledQuery) => this.changeOutside(lease, compiledQuery));
  }

  /**
   * A data change outside a transaction (a job's lease, an event marked sent) joins the
   * group as a transaction of one statement, and answers after the group's commit.
   */
  private changeOutside(lease: Lease, compiledQuery: CompiledQuery): Promise<QueryResult<unknown>> | undefined {
    if (this.inTransaction || !DATA_CHANGE.test(compiledQuery.sql)) return undefined;
    return (async () => {
      await this.beginTransaction();
      let result: QueryResult<unknown>;
      try {
        result = await this.connection.executeQuery(compiledQuery);
      } catch (error) {
        await this.rollbackTransaction();
        throw error;
      }
      await this.commitTransaction(lease);
      return result;
    })();
  }

  async beginTransaction(): Promise<void> {
    if (!this.group) {
      this.control.begin.run();
      this.group = { members: 0, waiters: [] };
    }
    this.control.savepoint.run();
    this.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const group = this.group as CommitGroup;
    this.control.release.run();
    this.inTransaction = false;
    group.members += 1;
    const committed = new Promise<void>((resolve, reject) => group.waiters.push({ resolve, reject }));
    if (group.members >= GROUP_COMMIT_MAX) this.commitGroup();
    else this.scheduleFlush();
    // The next transaction may run while this one waits for the commit.
    this.release(connection as Lease);
    return committed;
  }

  async rollbackTransaction(): Promise<void> {
    this.inTransaction = false;
    if (this.database.inTransaction) {
      this.control.rollbackTo.run();
      this.control.release.run();
      if (this.group && this.group.members === 0) this.commitGroup();
      return;
    }
    // SQLite rolled the whole shared transaction back itself (a full disk, an I/O error):
    // every transaction waiting in it is lost with it, and is told so.
    const lost = this.group;
    this.group = undefined;
    for (const waiter of lost?.waiters ?? []) waiter.reject(new Error('the shared transaction was rolled back by SQLite'));
  }

  /** Commits the shared transaction; the caller holds the connection. */
  private commitGroup(): void {
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    try {
      this.control.commit.run();
    } catch (error) {
      if (this.database.inTransaction) this.control.rollback.run();
      for (const waiter of group.waiters) waiter.reject(error);
      return;
    }
    this.stats.commits += 1;
    this.stats.transactions += group.members;
    for (const waiter of group.waiters) waiter.resolve();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (!this.group) return;
    await this.mutex.lock();
    try {
      this.commitGroup();
    } finally {
      this.mutex.unlock();
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.release(connection as Lease);
  }

  private release(lease: Lease): void {
    if (lease.released) return;
    lease.released = true;
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    // After whoever holds the connection now: the group they may add to is committed first.
    await this.mutex.lock();
    try {
      if (this.database.open) {
        this.commitGroup();
        this.database.close();
      }
    } finally {
      this.mutex.unlock();
    }
  }
}

export class CachingSqliteDialect implements Dialect {
  private driver: SqliteDriver | undefined;

  constructor(private readonly database: BetterSqlite3.Database) {}

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    this.driver = new SqliteDriver(this.database);
    return this.driver;
  }

  commitStats(): CommitStats {
    return { ...(this.driver?.stats ?? { transactions: 0, commits: 0 }) };
  }

  /** See SqliteDriver.readNow; undefined before the driver exists. */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    return this.driver?.readNow(sql, parameters);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any schema.
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
