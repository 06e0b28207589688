import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from './clock.js';
import { dialectOf, type Executor } from './db/database.js';
import { insertRow } from './db/prepared.js';
import { newId } from './ids.js';
import { enqueue, type JobRunner } from './jobs.js';

/**
 * The transactional outbox. A module announces a domain event (`order.paid`) by writing a row
 * in the transaction that made it true; nothing is announced for a transaction that rolls
 * back, and nothing is lost if the process dies right after commit. After commit the
 * dispatcher turns each event into one job per subscriber, so a slow or failing subscriber
 * retries on its own without holding up the others; subscribers must tolerate a repeat.
 */
export interface OutboxTable {
  id: string;
  topic: string;
  subject_id: string;
  payload: string;
  created_at: string;
  dispatched_at: string | null;
}

interface OutboxTables {
  outbox: OutboxTable;
}

export const outboxMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('topic', 'text', (column) => column.notNull())
      .addColumn('subject_id', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('dispatched_at', 'text')
      .execute();
    // Only undispatched events are looked up; a partial index stays as small as the backlog.
    await sql`create index outbox_pending on outbox (id) where dispatched_at is null`.execute(db);
  },
};

export interface DomainEvent<Payload = unknown> {
  id: string;
  topic: string;
  subject_id: string;
  payload: Payload;
  created_at: string;
}

export async function emit(db: Executor, clock: Clock, topic: string, subjectId: string, payload: unknown): Promise<string> {
  const now_ms = clock.now_ms();
  const id = newId('evt', now_ms);
  await insertRow<OutboxTables['outbox']>(
    db,
    'outbox',
    {
      id,
      topic,
      subject_id: subjectId,
      payload: JSON.stringify(payload ?? null),
      created_at: new Date(now_ms).toISOString(),
      dispatched_at: null,
    },
    '',
    { blind: true },
  );
  return id;
}

export type EventHandler = (tx: Executor, event: DomainEvent) => Promise<void>;

const DISPATCH_BATCH = 50;

/** Subscribers by topic; each becomes a job kind `event:<name>` on the runner. */
export class Outbox {
  readonly #subscribers = new Map<string, string[]>();
  readonly #listeners = new Set<(event: DomainEvent) => void>();

  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly runner: JobRunner,
  ) {}

  subscribe(topic: string, name: string, handler: EventHandler): void {
    this.runner.handle(`event:${name}`, (tx, payload) => handler(tx, payload as DomainEvent));
    this.#subscribers.set(topic, [...(this.#subscribers.get(topic) ?? []), name]);
  }

  /** Called for every dispatched event after its commit, in this process only (live updates). */
  onDispatched(listener: (event: DomainEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Moves committed events to their subscribers' jobs; returns how many events it moved. */
  async dispatch(): Promise<number> {
    const lock = dialectOf(this.db) === 'postgres' ? sql`for update skip locked` : sql``;
    const dispatched = await (this.db as Kysely<OutboxTables>).transaction().execute(async (tx) => {
      const rows = await sql<OutboxTable>`
        select * from outbox where dispatched_at is null order by id limit ${DISPATCH_BATCH} ${lock}`.execute(tx);
      if (rows.rows.length === 0) return [];
      const now = this.clock.nowIso();
      const events: DomainEvent[] = [];
      for (const row of rows.rows) {
        const event: DomainEvent = {
          id: row.id,
          topic: row.topic,
          subject_id: row.subject_id,
          payload: JSON.parse(row.payload),
          created_at: row.created_at,
        };
        events.push(event);
        for (const name of this.#subscribers.get(row.topic) ?? []) {
          await enqueue(tx, this.clock, { kind: `event:${name}`, payload: event, dedupe_key: `${row.id}:${name}` });
        }
      }
      await tx
        .updateTable('outbox')
        .set({ dispatched_at: now })
        .where(
          'id',
          'in',
          events.map((event) => event.id),
        )
        .execute();
      return events;
    });
    for (const event of dispatched) for (const listener of this.#listeners) listener(event);
    return dispatched.length;
  }
}
