import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../test/support/databases.js';
import { ManualClock } from './clock.js';
import { emit, Outbox } from './events.js';
import { defineProcess, ProcessDefinitionError, registerTimers, type Subject } from './fsm.js';
import { enqueue, JobRunner } from './jobs.js';

type WidgetState = 'new' | 'paid' | 'done' | 'cancelled';
interface Widget extends Subject<WidgetState> {
  updated_at: string;
  note: string;
}

const execFileAsync = promisify(execFile);
const run = async (file: string, args: string[]) => (await execFileAsync(file, args)).stdout;

// biome-ignore lint/suspicious/noExplicitAny: test tables are made on the fly.
type AnyDb = Kysely<any>;

const widgetProcess = defineProcess<WidgetState, Widget>({
  name: 'widget-test',
  table: 'widgets',
  states: ['new', 'paid', 'done', 'cancelled'],
  initial: 'new',
  final: ['done', 'cancelled'],
  transitions: [
    {
      name: 'pay',
      from: ['new'],
      to: 'paid',
      actors: ['buyer'],
      action: async ({ tx, subject }) => {
        await tx.updateTable('widgets').set({ note: 'paid!' }).where('id', '=', subject.id).execute();
      },
    },
    { name: 'expire', from: ['new'], to: 'cancelled', actors: ['system'], after_ms: () => 30 * 60_000 },
    {
      name: 'cancel',
      from: ['new', 'paid'],
      to: 'cancelled',
      actors: ['buyer', 'seller'],
      stamps: ({ input, from }) => ({ note: `cancelled when ${from}: ${(input as { why?: string } | undefined)?.why ?? ''}` }),
    },
    {
      name: 'finish',
      from: ['paid'],
      to: 'done',
      actors: ['seller'],
      guard: ({ input }) => {
        if ((input as { ok?: boolean } | undefined)?.ok !== true) throw new Error('not ok');
      },
    },
  ],
});

async function loadWidget(db: AnyDb, id: string): Promise<Widget | undefined> {
  return (await db.selectFrom('widgets').selectAll().where('id', '=', id).executeTakeFirst()) as Widget | undefined;
}

describe('process definitions are checked when they load', () => {
  const base = { name: 'bad', table: 't', states: ['a', 'b'] as const, initial: 'a' as const, final: ['b'] as const };
  it.each([
    ['an unknown state', [{ name: 'go', from: ['a'], to: 'c', actors: ['buyer'] }], /unknown state "c"/],
    ['an unreachable state', [{ name: 'go', from: ['b'], to: 'a', actors: ['buyer'] }], /final state "b"|reaches the state "b"/],
    ['a timed transition a person takes', [{ name: 'go', from: ['a'], to: 'b', actors: ['buyer'], after_ms: () => 1 }], /system alone/],
    [
      'a transition named twice',
      [
        { name: 'go', from: ['a'], to: 'b', actors: ['buyer'] },
        { name: 'go', from: ['a'], to: 'b', actors: ['seller'] },
      ],
      /defined twice/,
    ],
  ])('refuses %s', (_what, transitions, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed tables.
    expect(() => defineProcess({ ...base, transitions } as any)).toThrow(message);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed tables.
    expect(() => defineProcess({ ...base, transitions } as any)).toThrow(ProcessDefinitionError);
  });

  it('refuses a state that cannot be left and is not final', () => {
    expect(() =>
      defineProcess({
        name: 'stuck',
        table: 't',
        states: ['a', 'b', 'c'],
        initial: 'a',
        final: ['c'],
        transitions: [
          { name: 'go', from: ['a'], to: 'b', actors: ['buyer'] },
          { name: 'end', from: ['a'], to: 'c', actors: ['buyer'] },
        ],
      }),
    ).toThrow(/"b" cannot be left/);
  });
});

describe.each(dialects)('jobs, outbox and processes on %s', (dialect) => {
  let fresh: FreshDatabase;
  let db: AnyDb;
  const clock = new ManualClock(new Date('2026-11-24T08:00:00Z'));

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = fresh.database.db;
    await db.schema
      .createTable('widgets')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('state_version', 'integer', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('note', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('effects')
      .addColumn('job', 'text', (column) => column.notNull())
      .addColumn('runner', 'text', (column) => column.notNull())
      .execute();
  });
  afterAll(async () => fresh?.cleanup());

  it('runs a due job once, later jobs when their time comes, and deletes what it ran', async () => {
    const runner = new JobRunner({ db, clock });
    const seen: unknown[] = [];
    runner.handle('test.record', async (_tx, payload) => {
      seen.push(payload);
    });
    await enqueue(db, clock, { kind: 'test.record', payload: { n: 1 } });
    await enqueue(db, clock, { kind: 'test.record', payload: { n: 2 }, run_at_ms: clock.now_ms() + 60_000 });
    expect(await runner.runDue()).toBe(1);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await runner.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await runner.runDue()).toBe(1);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    const left = await db.selectFrom('jobs').select('id').where('kind', '=', 'test.record').execute();
    expect(left).toEqual([]);
  });

  it('retries a failing job with backoff, rolls back its writes, and keeps it as dead at the end', async () => {
    const runner = new JobRunner({ db, clock });
    let calls = 0;
    runner.handle('test.flaky', async (tx) => {
      calls += 1;
      await tx.insertInto('effects').values({ job: 'flaky', runner: 'x' }).execute();
      throw new Error('carrier down');
    });
    await enqueue(db, clock, { kind: 'test.flaky', max_attempts: 3 });
    expect(await runner.runDue()).toBe(1);
    expect(await runner.runDue()).toBe(0); // backing off for 1 s
    clock.advance(1000);
    expect(await runner.runDue()).toBe(1);
    clock.advance(2000);
    expect(await runner.runDue()).toBe(1);
    clock.advance(3_600_000);
    expect(await runner.runDue()).toBe(0);
    expect(calls).toBe(3);
    const job = await db.selectFrom('jobs').selectAll().where('kind', '=', 'test.flaky').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'dead', attempts: 3, last_error: 'Error: carrier down' });
    const effects = await db.selectFrom('effects').selectAll().where('job', '=', 'flaky').execute();
    expect(effects).toEqual([]);
  });

  it('gives a job whose runner died to another runner once the lease has run out, not before', async () => {
    const runner = new JobRunner({ db, clock });
    let runs = 0;
    runner.handle('test.orphan', async () => {
      runs += 1;
    });
    await enqueue(db, clock, { kind: 'test.orphan' });
    const leaseUntil = new Date(clock.now_ms() + 30_000).toISOString();
    await db
      .updateTable('jobs')
      .set({ lease_owner: 'a-dead-process', lease_until: leaseUntil })
      .where('kind', '=', 'test.orphan')
      .execute();
    expect(await runner.runDue()).toBe(0);
    clock.advance(30_001);
    expect(await runner.runDue()).toBe(1);
    expect(runs).toBe(1);
  });

  it('never runs one job twice when two server processes share the queue', async () => {
    for (let n = 0; n < 300; n += 1) await enqueue(db, clock, { kind: 'test.race', payload: { n } });
    const child = join(import.meta.dirname, '../../test/support/job-runner-child.mjs');
    const args = [child, fresh.dataDir, fresh.databaseUrl ?? '', String(clock.now_ms()), 'test.race'];
    const counts = await Promise.all([0, 1].map(() => run(process.execPath, args)));
    expect(counts.reduce((total, count) => total + Number(count.trim()), 0)).toBe(300);
    const rows = await db.selectFrom('effects').select(['job', 'runner']).where('runner', '!=', 'x').execute();
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((row) => row.job)).size).toBe(300);
  });

  it('announces an event only when its transaction commits, to each subscriber on its own', async () => {
    const runner = new JobRunner({ db, clock });
    const outbox = new Outbox(db, clock, runner);
    const received: string[] = [];
    let failures = 0;
    outbox.subscribe('widget.paid', 'test-mailer', async (_tx, event) => {
      received.push(`mail ${event.subject_id}`);
    });
    outbox.subscribe('widget.paid', 'test-flaky', async () => {
      failures += 1;
      throw new Error('down');
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await emit(tx, clock, 'widget.paid', 'wid_rolled_back', {});
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await db.transaction().execute((tx) => emit(tx, clock, 'widget.paid', 'wid_1', { amount: 5 }));
    expect(await outbox.dispatch()).toBe(1);
    expect(await outbox.dispatch()).toBe(0);
    await runner.runDue();
    expect(received).toEqual(['mail wid_1']);
    expect(failures).toBe(1);
  });

  it('moves a subject through its table, records history, and refuses the wrong actor or state', async () => {
    const now = clock.nowIso();
    await db.insertInto('widgets').values({ id: 'wid_a', state: 'new', state_version: 0, updated_at: now, note: '' }).execute();
    const widget = (await loadWidget(db, 'wid_a')) as Widget;
    await expect(widgetProcess.apply(db, clock, widget, 'pay', { actor: { type: 'seller', id: 'usr_s' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(widgetProcess.apply(db, clock, widget, 'finish', { actor: { type: 'seller', id: 'usr_s' } })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    const paid = await db
      .transaction()
      .execute((tx) => widgetProcess.apply(tx, clock, widget, 'pay', { actor: { type: 'buyer', id: 'usr_b' } }));
    expect(paid).toMatchObject({ state: 'paid', state_version: 1 });
    expect(await loadWidget(db, 'wid_a')).toMatchObject({ state: 'paid', note: 'paid!' });
    // The same stale copy cannot be moved again: the version moved on.
    await expect(widgetProcess.apply(db, clock, widget, 'cancel', { actor: { type: 'buyer', id: 'usr_b' } })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await expect(widgetProcess.apply(db, clock, paid, 'finish', { actor: { type: 'seller', id: 'usr_s' }, input: {} })).rejects.toThrow(
      'not ok',
    );
    await widgetProcess.apply(db, clock, paid, 'finish', { actor: { type: 'seller', id: 'usr_s' }, input: { ok: true }, note: 'thanks' });
    const history = await widgetProcess.history(db, 'wid_a');
    expect(history.map((row) => [row.transition, row.from_state, row.to_state, row.actor_type, row.note])).toEqual([
      ['pay', 'new', 'paid', 'buyer', ''],
      ['finish', 'paid', 'done', 'seller', 'thanks'],
    ]);
    expect(widgetProcess.available(paid, 'buyer')).toEqual(['cancel']);
  });

  it('writes the columns a transition stamps with its state change, and nothing of a refused one', async () => {
    await db.insertInto('widgets').values({ id: 'wid_s', state: 'new', state_version: 0, updated_at: clock.nowIso(), note: '' }).execute();
    const widget = (await loadWidget(db, 'wid_s')) as Widget;
    await expect(
      widgetProcess.apply(db, clock, { ...widget, state_version: 7 }, 'cancel', {
        actor: { type: 'buyer', id: 'usr_b' },
        input: { why: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
    expect(await loadWidget(db, 'wid_s')).toMatchObject({ state: 'new', note: '' });
    const cancelled = await widgetProcess.apply(db, clock, widget, 'cancel', {
      actor: { type: 'buyer', id: 'usr_b' },
      input: { why: 'too slow' },
    });
    expect(cancelled).toMatchObject({ state: 'cancelled', state_version: 1, note: 'cancelled when new: too slow' });
    expect(await loadWidget(db, 'wid_s')).toMatchObject({ state: 'cancelled', state_version: 1, note: 'cancelled when new: too slow' });
  });

  it('takes a timed transition when its time comes, and drops the timer when the state was left first', async () => {
    const runner = new JobRunner({ db, clock });
    registerTimers(runner, clock, { 'widget-test': (tx, id) => loadWidget(tx, id) });
    const now = clock.nowIso();
    for (const id of ['wid_t1', 'wid_t2']) {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('widgets').values({ id, state: 'new', state_version: 0, updated_at: now, note: '' }).execute();
        await widgetProcess.enter(tx, clock, (await loadWidget(tx, id)) as Widget);
      });
    }
    const second = (await loadWidget(db, 'wid_t2')) as Widget;
    await widgetProcess.apply(db, clock, second, 'pay', { actor: { type: 'buyer', id: 'usr_b' } });
    clock.advance(29 * 60_000);
    expect(await runner.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await runner.runDue()).toBe(1);
    expect(await loadWidget(db, 'wid_t1')).toMatchObject({ state: 'cancelled' });
    expect(await loadWidget(db, 'wid_t2')).toMatchObject({ state: 'paid' });
    const history = await widgetProcess.history(db, 'wid_t1');
    expect(history.map((row) => [row.transition, row.actor_type, row.actor_id])).toEqual([['expire', 'system', 'timer']]);
    const timers = await sql<{ n: number }>`select count(*) as n from jobs where kind = 'process.timer'`.execute(db);
    expect(Number(timers.rows[0]?.n)).toBe(0);
  });
});
