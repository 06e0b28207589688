import { hostname } from 'node:os';
import { type Kysely, type Migration, sql } from 'kysely';
import type { Clock } from './clock.js';
import { type DialectName, dialectOf, type Executor } from './db/database.js';
import { insertRow, preparedStatement } from './db/prepared.js';
import { newId } from './ids.js';

/**
 * The database-backed job queue: timed work (auto-cancel an unpaid order, auto-confirm
 * receipt, seal the ledger) and the delivery of outbox events. A job is a row with a `run_at`;
 * a runner claims due rows under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single
 * writer on SQLite) and runs the handler in a transaction that first deletes the row on the
 * condition that its lease is still this runner's. The deletion and the handler's writes
 * commit together, so no two processes ever complete one job, and a crash mid-job leaves the
 * row to be claimed again when the lease runs out. Failures retry with exponential backoff up
 * to `max_attempts`, then the job is kept as `dead` for an operator to look at.
 */
export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  state: 'queued' | 'dead';
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  /** At most one queued job per key: timers use it so a retried write does not add a second. */
  dedupe_key: string | null;
  created_at: string;
}

interface JobTables {
  jobs: JobsTable;
}

export const jobsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('run_at', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('dedupe_key', 'text', (column) => column.unique())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();
  },
};

export interface EnqueueOptions {
  kind: string;
  payload?: unknown;
  /** When the job becomes due; now when absent. */
  run_at_ms?: number;
  max_attempts?: number;
  dedupe_key?: string;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/** Adds a job in the caller's transaction: it exists exactly when the caller's writes commit. */
export async function enqueue(db: Executor, clock: Clock, options: EnqueueOptions): Promise<string> {
  const now_ms = clock.now_ms();
  const id = newId('job', now_ms);
  const row: JobsTable = {
    id,
    kind: options.kind,
    payload: JSON.stringify(options.payload ?? null),
    run_at: new Date(options.run_at_ms ?? now_ms).toISOString(),
    attempts: 0,
    max_attempts: options.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
    state: 'queued',
    lease_owner: null,
    lease_until: null,
    last_error: null,
    dedupe_key: options.dedupe_key ?? null,
    created_at: new Date(now_ms).toISOString(),
  };
  const onConflict = options.dedupe_key === undefined ? '' : 'on conflict ("dedupe_key") do nothing';
  await insertRow(db, 'jobs', row, onConflict, { blind: true });
  return id;
}

/** Removes a queued job by its dedupe key (a timer whose state was left early). */
const deleteQueued = preparedStatement('delete from "jobs" where "dedupe_key" = ? and "state" = \'queued\'', { blind: true });

export async function cancelJob(db: Executor, dedupeKey: string): Promise<void> {
  await deleteQueued(db, dedupeKey);
}

export interface JobContext {
  id: string;
  kind: string;
  attempts: number;
}

export type JobHandler = (tx: Executor, payload: unknown, job: JobContext) => Promise<void>;

export interface HandlerOptions {
  /**
   * false: the handler runs outside a transaction (it calls another system, or goes through
   * the app's own routes) and the job is deleted after it returns. Delivery is then at least
   * once, so such a handler must be idempotent.
   */
  transaction?: boolean;
}

export interface JobRunnerOptions {
  db: Executor;
  clock: Clock;
  lease_ms?: number;
  batch?: number;
  poll_ms?: number;
  /** Writes a line when a job fails; the runner itself never throws out of its loop. */
  onError?: (error: unknown, job: JobContext) => void;
  /** Runs after each pass that handled jobs; the outbox dispatcher hooks in here. */
  beforePass?: () => Promise<unknown>;
}

/** Backoff after the n-th failed attempt: 1 s, 2 s, 4 s … capped at one hour. */
export function backoff_ms(attempts: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

let runnerCounter = 0;

function nextOwner(): string {
  runnerCounter += 1;
  return `${hostname()}:${process.pid}:${runnerCounter}`;
}

export class JobRunner {
  readonly owner = nextOwner();
  readonly #handlers = new Map<string, { handler: JobHandler; transaction: boolean }>();
  readonly #options: Required<Omit<JobRunnerOptions, 'onError' | 'beforePass'>> & Pick<JobRunnerOptions, 'onError' | 'beforePass'>;
  readonly #dialect: DialectName;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = true;
  #again = false;

  constructor(options: JobRunnerOptions) {
    this.#options = { lease_ms: 60_000, batch: 20, poll_ms: 250, ...options };
    this.#dialect = dialectOf(options.db);
  }

  handle(kind: string, handler: JobHandler, options: HandlerOptions = {}): void {
    if (this.#handlers.has(kind)) throw new Error(`job kind "${kind}" has two handlers`);
    this.#handlers.set(kind, { handler, transaction: options.transaction !== false });
  }

  kinds(): string[] {
    return [...this.#handlers.keys()];
  }

  /** Polls for due jobs until stopped; `nudge` makes it look at once. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Something was just committed that may be due now. */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  #schedule(delay_ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#loop(), delay_ms);
    this.#timer.unref();
  }

  async #loop(): Promise<void> {
    this.#timer = undefined;
    if (this.#stopped || this.#running) return;
    let handled = 0;
    try {
      this.#running = this.runDue();
      handled = await this.#running;
    } catch (error) {
      this.#options.onError?.(error, { id: '', kind: 'runner', attempts: 0 });
    } finally {
      this.#running = undefined;
    }
    if (this.#stopped) return;
    const again = this.#again || handled > 0;
    this.#again = false;
    this.#schedule(again ? 0 : this.#options.poll_ms);
  }

  /**
   * Claims and runs every job due now, batch after batch, and returns how many it ran.
   * Tests call it directly after moving their clock.
   */
  async runDue(maxJobs = Number.POSITIVE_INFINITY): Promise<number> {
    let total = 0;
    while (total < maxJobs) {
      await this.#options.beforePass?.();
      const claimed = await this.#claim(Math.min(this.#options.batch, maxJobs - total));
      if (claimed.length === 0) break;
      for (const job of claimed) await this.#run(job);
      total += claimed.length;
    }
    return total;
  }

  async #claim(limit: number): Promise<JobsTable[]> {
    const now_ms = this.#options.clock.now_ms();
    const now = new Date(now_ms).toISOString();
    const leaseUntil = new Date(now_ms + this.#options.lease_ms).toISOString();
    const lock = this.#dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const kinds = this.kinds();
    if (kinds.length === 0) return [];
    const result = await sql<JobsTable>`
      update jobs set lease_owner = ${this.owner}, lease_until = ${leaseUntil}, attempts = attempts + 1
      where id in (
        select id from jobs
        where state = 'queued' and run_at <= ${now} and (lease_until is null or lease_until < ${now})
          and kind in (${sql.join(kinds)})
        order by run_at limit ${limit} ${lock}
      )
      returning *`.execute(this.#options.db);
    return result.rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id < b.id ? -1 : 1));
  }

  async #run(job: JobsTable): Promise<void> {
    const registered = this.#handlers.get(job.kind);
    const context: JobContext = { id: job.id, kind: job.kind, attempts: job.attempts };
    const db = this.#options.db as Kysely<JobTables>;
    try {
      if (!registered) throw new Error(`no handler for job kind "${job.kind}"`);
      const { handler } = registered;
      if (!registered.transaction) {
        await handler(db, JSON.parse(job.payload), context);
        await db.deleteFrom('jobs').where('id', '=', job.id).where('lease_owner', '=', this.owner).execute();
        return;
      }
      await db.transaction().execute(async (tx) => {
        const owned = await tx.deleteFrom('jobs').where('id', '=', job.id).where('lease_owner', '=', this.owner).executeTakeFirst();
        // The lease ran out and another runner took the job: it is theirs now.
        if (Number(owned.numDeletedRows) !== 1) return;
        await handler(tx, JSON.parse(job.payload), context);
      });
    } catch (error) {
      this.#options.onError?.(error, context);
      await this.#fail(job, error);
    }
  }

  async #fail(job: JobsTable, error: unknown): Promise<void> {
    const dead = job.attempts >= job.max_attempts;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await (this.#options.db as Kysely<JobTables>)
      .updateTable('jobs')
      .set({
        state: dead ? 'dead' : 'queued',
        lease_owner: null,
        lease_until: null,
        last_error: message.slice(0, 2000),
        run_at: new Date(this.#options.clock.now_ms() + backoff_ms(job.attempts)).toISOString(),
      })
      .where('id', '=', job.id)
      .where('lease_owner', '=', this.owner)
      .execute();
  }
}
