import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { allMigrations } from '../../modules.js';
import { openDatabase } from './database.js';
import { migrate } from './migrate.js';

interface ParityTables {
  parity_items: { id: string; name: string; amount_minor: number; note: string | null };
}

/** The same Kysely code must behave the same on both databases. */
describe.each(dialects)('database layer on %s', (dialect) => {
  let fresh: FreshDatabase;
  let db: Kysely<ParityTables>;
  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = fresh.database.db as Kysely<ParityTables>;
    await migrate(fresh.database, withParityTable);
  });
  afterAll(() => fresh?.cleanup());
  const withParityTable = {
    ...allMigrations,
    '2099010100_test_parity': {
      async up(schema: Kysely<unknown>) {
        await schema.schema
          .createTable('parity_items')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('name', 'text', (column) => column.notNull().unique())
          .addColumn('amount_minor', 'bigint', (column) => column.notNull())
          .addColumn('note', 'text')
          .execute();
      },
    },
  };

  it('is the dialect asked for', () => {
    expect(fresh.database.dialect).toBe(dialect);
  });

  it('round-trips large integer amounts, text, Unicode and null identically', async () => {
    const rows = [
      { id: 'a', name: '手机壳', amount_minor: 9_007_199_254_740_991, note: null },
      { id: 'b', name: 'héllo', amount_minor: -42, note: 'ünïcode ✓' },
    ];
    await db.insertInto('parity_items').values(rows).execute();
    const read = await db.selectFrom('parity_items').selectAll().orderBy('id').execute();
    expect(read).toEqual(rows);
    expect(typeof read[0]?.amount_minor).toBe('number');
  });

  it('supports upserts and returning the same way', async () => {
    const inserted = await db
      .insertInto('parity_items')
      .values({ id: 'c', name: 'upsert', amount_minor: 1, note: null })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ amount_minor: (eb) => eb('parity_items.amount_minor', '+', 1) }))
      .returning(['id', 'amount_minor'])
      .executeTakeFirstOrThrow();
    expect(inserted).toEqual({ id: 'c', amount_minor: 1 });
    const again = await db
      .insertInto('parity_items')
      .values({ id: 'd', name: 'upsert', amount_minor: 1, note: null })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ amount_minor: (eb) => eb('parity_items.amount_minor', '+', 1) }))
      .returning(['id', 'amount_minor'])
      .executeTakeFirstOrThrow();
    expect(again).toEqual({ id: 'c', amount_minor: 2 });
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('parity_items').values({ id: 'e', name: 'half-written', amount_minor: 5, note: null }).execute();
        await tx.insertInto('parity_items').values({ id: 'a', name: 'duplicate id', amount_minor: 5, note: null }).execute();
      }),
    ).rejects.toThrow();
    const leftover = await db.selectFrom('parity_items').select('id').where('id', '=', 'e').execute();
    expect(leftover).toEqual([]);
  });

  it('applies concurrent transactional increments without losing one', async () => {
    await db.insertInto('parity_items').values({ id: 'counter', name: 'counter', amount_minor: 0, note: null }).execute();
    const increments = Array.from({ length: 25 }, () =>
      db.transaction().execute(async (tx) => {
        await tx
          .updateTable('parity_items')
          .set({ amount_minor: (eb) => eb('amount_minor', '+', 1) })
          .where('id', '=', 'counter')
          .execute();
      }),
    );
    await Promise.all(increments);
    const row = await db.selectFrom('parity_items').select('amount_minor').where('id', '=', 'counter').executeTakeFirstOrThrow();
    expect(row.amount_minor).toBe(25);
  });

  it.runIf(dialect === 'postgres')('prepares a data statement once per connection and binds it after', async () => {
    const text = 'select "name" from "parity_items" where "id" = $1';
    const prepared = await db.transaction().execute(async (tx) => {
      await tx.selectFrom('parity_items').select('name').where('id', '=', 'a').execute();
      await tx.selectFrom('parity_items').select('name').where('id', '=', 'b').execute();
      return sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx);
    });
    expect(prepared.rows.filter((row) => row.statement === text)).toHaveLength(1);
  });

  it('migrates idempotently', async () => {
    expect(await migrate(fresh.database, withParityTable)).toEqual([]);
  });
});

describe('SQLite write transactions', () => {
  it('take the write lock when they begin, so a later write cannot fail on a lock upgrade', async () => {
    const fresh = await freshDatabase('sqlite');
    try {
      const other = new BetterSqlite3(`${fresh.dataDir}/jishi.db`);
      other.pragma('busy_timeout = 0');
      await fresh.database.db.transaction().execute(async (tx) => {
        // Only a read so far: a deferred BEGIN would hold no write lock yet.
        await sql`select count(*) from users`.execute(tx);
        expect(() => other.exec('begin immediate')).toThrow(/locked|busy/i);
      });
      other.exec('begin immediate');
      other.exec('rollback');
      other.close();
    } finally {
      await fresh.cleanup();
    }
  });
});

describe('SQLite group commit', () => {
  interface Tables {
    grouped: { id: string };
  }
  let fresh: FreshDatabase;
  let other: BetterSqlite3.Database;
  const db = () => fresh.database.db as Kysely<Tables>;
  beforeAll(async () => {
    fresh = await freshDatabase('sqlite');
    await sql`create table grouped (id text primary key)`.execute(fresh.database.db);
    // A second connection sees only what is committed.
    other = new BetterSqlite3(`${fresh.dataDir}/jishi.db`, { readonly: true });
  });
  afterAll(async () => {
    other?.close();
    await fresh?.cleanup();
  });
  const committed = (id: string) => other.prepare('select count(*) as n from grouped where id = ?').get(id) as { n: number };
  const insert = (id: string, fail = false) =>
    db()
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('grouped').values({ id }).execute();
        await new Promise((resolve) => setImmediate(resolve));
        if (fail) throw new Error(`${id} fails`);
      })
      .then(() => committed(id).n);

  it('acknowledges each transaction only once it is committed, with fewer commits than transactions', async () => {
    const before = fresh.database.commitStats?.() ?? { transactions: 0, commits: 0 };
    const seen = await Promise.all(Array.from({ length: 40 }, (_, index) => insert(`g-${index}`)));
    expect(seen).toEqual(Array.from({ length: 40 }, () => 1));
    const after = fresh.database.commitStats?.() ?? { transactions: 0, commits: 0 };
    expect(after.transactions - before.transactions).toBe(40);
    expect(after.commits - before.commits).toBeLessThan(40);
    expect(after.commits - before.commits).toBeGreaterThanOrEqual(2);
  });

  it('rolls a failed transaction back alone; the others in its group commit', async () => {
    const outcomes = await Promise.allSettled([insert('r-1'), insert('r-2', true), insert('r-3')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([committed('r-1').n, committed('r-2').n, committed('r-3').n]).toEqual([1, 0, 1]);
  });

  it('lets a data change outside a transaction join the group, and answers it after the commit', async () => {
    const before = fresh.database.commitStats?.() ?? { transactions: 0, commits: 0 };
    const inGroup = insert('w-1');
    // Queued behind the transaction: runs when it has released the connection but not committed yet.
    const alone = db()
      .insertInto('grouped')
      .values({ id: 'w-2' })
      .execute()
      .then(() => [committed('w-1').n, committed('w-2').n]);
    expect(await alone).toEqual([1, 1]);
    expect(await inGroup).toBe(1);
    const after = fresh.database.commitStats?.() ?? { transactions: 0, commits: 0 };
    expect([after.transactions - before.transactions, after.commits - before.commits]).toEqual([2, 1]);
    // A failing one fails alone.
    await expect(db().insertInto('grouped').values({ id: 'w-2' }).execute()).rejects.toThrow(/UNIQUE/);
    expect(committed('w-1').n).toBe(1);
  });

  it('keeps nothing open when it is closed: the last group is committed first', async () => {
    let reached: () => void = () => {};
    const worked = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const pending = db()
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('grouped').values({ id: 'c-1' }).execute();
        reached();
      })
      .then(() => committed('c-1').n);
    await worked;
    for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
    // Done and waiting for its group's commit, which comes on the event loop's next turn.
    expect(committed('c-1').n).toBe(0);
    await fresh.database.close();
    expect(committed('c-1').n).toBe(1);
    expect(await pending).toBe(1);
  });
});

describe('SQLite background checkpoints', () => {
  it('copy the log into the database from a worker thread, and stop with the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jishi-checkpoints-'));
    const database = openDatabase({ dataDir, backgroundCheckpoints: true });
    try {
      const db = database.db as Kysely<{ filler: { id: number; text: string } }>;
      await sql`create table filler (id integer primary key, text text not null)`.execute(db);
      for (let batch = 0; batch < 20; batch += 1) {
        await db.transaction().execute((tx) =>
          tx
            .insertInto('filler')
            .values(Array.from({ length: 50 }, (_, index) => ({ id: batch * 50 + index, text: 'x'.repeat(400) })))
            .execute(),
        );
      }
      const started = Date.now();
      while ((database.checkpoints?.().checkpointed ?? 0) === 0 && Date.now() - started < 5000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const report = database.checkpoints?.();
      expect(report?.checkpoints).toBeGreaterThan(0);
      expect(report?.checkpointed).toBeGreaterThan(0);
      // The server's own connection checkpoints only as a backstop (~120 MB), not at SQLite's default.
      expect((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]?.wal_autocheckpoint).toBe(30_000);
      await database.close();
      // Closed whole: the log is gone with the last connection, and the file holds every row.
      expect(existsSync(join(dataDir, 'jishi.db-wal'))).toBe(false);
      const reopened = new BetterSqlite3(join(dataDir, 'jishi.db'), { readonly: true });
      expect((reopened.prepare('select count(*) as n from filler').get() as { n: number }).n).toBe(1000);
      reopened.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
