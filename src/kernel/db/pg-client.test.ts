import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { batchOf } from './pg-client.js';
import { insertRow, preparedStatement } from './prepared.js';

interface Tables {
  users: {
    id: string;
    email: string;
    password_hash: string;
    display_name: string;
    role: string;
    locale: string;
    created_at: string;
    updated_at: string;
  };
}

function user(id: string, email = `${id}@example.com`) {
  return { id, email, password_hash: 'x', display_name: id, role: 'buyer', locale: 'en', created_at: '2026-01-01', updated_at: 'x' };
}

const renameBlind = preparedStatement('update "users" set "display_name" = ? where "id" = ?', { blind: true });
const copyName = preparedStatement(
  'insert into "users" ("id", "email", "password_hash", "display_name", "role", "locale", "created_at", "updated_at") ' +
    'select ?, ?, "password_hash", "display_name", "role", "locale", "created_at", "updated_at" from "users" where "id" = ?',
  { blind: true, reads: ['users'] },
);

// Blind statements (pg-client.ts) are sent inside a PostgreSQL transaction without waiting for
// their answers; on SQLite they run as any other. Both must behave as if they had been waited for.
describe.each(dialects)('blind statements on %s', (dialect) => {
  let fresh: FreshDatabase;
  let db: Kysely<Tables>;
  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = fresh.database.db as Kysely<Tables>;
  });
  afterAll(() => fresh?.cleanup());

  const ids = async () => (await db.selectFrom('users').select('id').orderBy('id').execute()).map((row) => row.id);

  it('are seen, in order, by the statements after them in the transaction, and commit with it', async () => {
    await db.transaction().execute(async (tx) => {
      await insertRow(tx, 'users', user('usr_order_a'), '', { blind: true });
      await renameBlind(tx, 'renamed', 'usr_order_a');
      await insertRow(tx, 'users', user('usr_order_b'), '', { blind: true });
      const seen = await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'like', 'usr_order_%').orderBy('id').execute();
      expect(seen).toEqual([
        { id: 'usr_order_a', display_name: 'renamed' },
        { id: 'usr_order_b', display_name: 'usr_order_b' },
      ]);
    });
    expect((await ids()).filter((id) => id.startsWith('usr_order_'))).toEqual(['usr_order_a', 'usr_order_b']);
  });

  it('fail the transaction with their own error at the next statement waited for, and leave nothing behind', async () => {
    await insertRow(db, 'users', user('usr_taken', 'taken@example.com'));
    const before = await ids();
    let reachedRead = false;
    const attempt = db.transaction().execute(async (tx) => {
      await insertRow(tx, 'users', user('usr_fresh_1'), '', { blind: true });
      // The same email again: a unique violation, reported on PostgreSQL only when the read below is answered.
      await insertRow(tx, 'users', user('usr_fresh_2', 'taken@example.com'), '', { blind: true });
      reachedRead = true;
      await tx.selectFrom('users').select('id').execute();
      throw new Error('the read after a failed blind insert must not succeed');
    });
    await expect(attempt).rejects.toThrow(/unique|UNIQUE/);
    expect(reachedRead).toBe(dialect === 'postgres');
    expect(await ids()).toEqual(before);
  });

  it('fail the commit with their own error when nothing is waited for after them', async () => {
    const before = await ids();
    const attempt = db.transaction().execute(async (tx) => {
      await insertRow(tx, 'users', user('usr_last_1'), '', { blind: true });
      await insertRow(tx, 'users', user('usr_last_2', 'taken@example.com'), '', { blind: true });
    });
    await expect(attempt).rejects.toThrow(/unique|UNIQUE/);
    expect(await ids()).toEqual(before);
    // The connections are clean afterwards: every one of the pool takes a transaction again.
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        db.transaction().execute(async (tx) => {
          await insertRow(tx, 'users', user(`usr_after_${String(index).padStart(2, '0')}`), '', { blind: true });
          await tx
            .selectFrom('users')
            .select('id')
            .where('id', '=', `usr_after_${String(index).padStart(2, '0')}`)
            .executeTakeFirstOrThrow();
        }),
      ),
    );
    expect((await ids()).filter((id) => id.startsWith('usr_after_'))).toHaveLength(12);
  });

  it('batched across tables, keep each table’s rows and check foreign keys as separate statements do', async () => {
    await sql`create table parents (id text primary key)`.execute(db);
    await sql`create table children (id text primary key, parent_id text not null references parents (id))`.execute(db);
    await db.transaction().execute(async (tx) => {
      await insertRow(tx, 'parents', { id: 'p1' }, '', { blind: true });
      await insertRow(tx, 'children', { id: 'c1', parent_id: 'p1' }, '', { blind: true });
      await insertRow(tx, 'users', user('usr_batched'), '', { blind: true });
    });
    const children = await sql<{ id: string }>`select id from children`.execute(db);
    expect(children.rows.map((row) => row.id)).toEqual(['c1']);
    expect(await ids()).toContain('usr_batched');
    const orphan = db.transaction().execute(async (tx) => {
      await insertRow(tx, 'parents', { id: 'p2' }, '', { blind: true });
      await insertRow(tx, 'children', { id: 'c2', parent_id: 'nobody' }, '', { blind: true });
    });
    await expect(orphan).rejects.toThrow(/foreign key|FOREIGN KEY/);
    const parents = await sql<{ id: string }>`select id from parents order by id`.execute(db);
    expect(parents.rows.map((row) => row.id)).toEqual(['p1']);
  });

  it('that read a table (insert … select) see the blind writes of that table before them', async () => {
    await insertRow(db, 'users', user('usr_copy_source'));
    await db.transaction().execute(async (tx) => {
      await renameBlind(tx, 'changed first', 'usr_copy_source');
      await copyName(tx, 'usr_copy', 'usr_copy@example.com', 'usr_copy_source');
    });
    const copied = await db.selectFrom('users').select('display_name').where('id', '=', 'usr_copy').executeTakeFirstOrThrow();
    expect(copied.display_name).toBe('changed first');
  });

  it('run and answer at once outside a transaction', async () => {
    await expect(insertRow(db, 'users', user('usr_outside', 'taken@example.com'), '', { blind: true })).rejects.toThrow(/unique|UNIQUE/);
    await insertRow(db, 'users', user('usr_outside'), '', { blind: true });
    expect(await ids()).toContain('usr_outside');
  });

  it('keep a rolled-back transaction’s blind writes out, and the next transaction on the connection clean', async () => {
    const rolledBack = db.transaction().execute(async (tx) => {
      await insertRow(tx, 'users', user('usr_rolled_back'), '', { blind: true });
      throw new Error('changed my mind');
    });
    await expect(rolledBack).rejects.toThrow('changed my mind');
    await db.transaction().execute(async (tx) => {
      await insertRow(tx, 'users', user('usr_next'), '', { blind: true });
    });
    const all = await ids();
    expect(all).toContain('usr_next');
    expect(all).not.toContain('usr_rolled_back');
  });
});

describe('a batch of blind statements', () => {
  it('is one statement with each a data-modifying with, its parameters renumbered in order', () => {
    const batch = batchOf([
      { text: 'insert into "a" ("x", "y") values ($1, $2)', values: [1, 2], tables: ['a'] },
      { text: 'update "b" set "z" = "z" + $1 where "id" = $2', values: [3, 'b1'], tables: ['b'] },
      { text: 'delete from "c" where "k" = $1 and "state" = \'queued\'', values: ['k1'], tables: ['c'] },
    ]);
    expect(batch.text).toBe(
      'with "b0" as (insert into "a" ("x", "y") values ($1, $2)), "b1" as (update "b" set "z" = "z" + $3 where "id" = $4), ' +
        '"b2" as (delete from "c" where "k" = $5 and "state" = \'queued\') select 1',
    );
    expect(batch.values).toEqual([1, 2, 3, 'b1', 'k1']);
  });

  it('of one statement is that statement', () => {
    const only = { text: 'insert into "a" ("x") values ($1)', values: [1], tables: ['a'] };
    expect(batchOf([only])).toEqual(only);
  });
});
