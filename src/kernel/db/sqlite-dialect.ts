import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
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
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    // Transaction control statements change state and are never worth caching.
    const statement = /^(begin|commit|rollback|savepoint|release)/i.test(sql) ? this.database.prepare(sql) : this.cache.get(sql);
    if (statement.reader) {
      return Promise.resolve({ rows: statement.all(parameters as unknown[]) as R[] });
    }
    const { changes, lastInsertRowid } = statement.run(parameters as unknown[]);
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

class SqliteDriver implements Driver {
  private readonly mutex = new ConnectionMutex();
  private readonly connection: SqliteConnection;
  readonly cache: StatementCache;

  constructor(private readonly database: BetterSqlite3.Database) {
    this.cache = new StatementCache(database);
    this.connection = new SqliteConnection(database, this.cache);
  }

  /**
   * Runs a read at once, synchronously, when nothing holds the connection — no transaction
   * is open, so the read sees only committed data — and answers undefined otherwise, for the
   * caller to go the ordinary way. JavaScript runs one thing at a time, so nothing can start
   * a transaction while the statement runs.
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
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    if (this.database.open) this.database.close();
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
