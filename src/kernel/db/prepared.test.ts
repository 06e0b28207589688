import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { inList, listOf, preparedQuery, readTogether } from './prepared.js';

interface Tables {
  users: { id: string; email: string; role: string; created_at: string };
}

const byRoleSince = preparedQuery<[string, string, number], { id: string }>('test.byRoleSince', (db, role, since, limit) =>
  (db as Kysely<Tables>)
    .selectFrom('users')
    .select('id')
    .where('role', '=', role)
    .where('created_at', '>=', since)
    .orderBy('id')
    .limit(limit as unknown as number),
);

const byIds = preparedQuery<[unknown], { id: string; email: string }>('test.byIds', (db, ids) =>
  (db as Kysely<Tables>)
    .selectFrom('users')
    .select(['id', 'email'])
    .where(inList(db, 'id', ids))
    .orderBy('id'),
);

describe.each(dialects)('prepared queries on %s', (dialect) => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    const rows = ['a', 'b', 'c', 'd'].map((letter, index) => ({
      id: `usr_${letter}`,
      email: `${letter}@example.com`,
      password_hash: 'x',
      display_name: letter,
      role: index % 2 === 0 ? 'buyer' : 'operator',
      locale: 'en',
      created_at: `2026-01-0${index + 1}`,
      updated_at: 'x',
    }));
    await fresh.database.db.insertInto('users').values(rows).execute();
  });
  afterAll(() => fresh?.cleanup());

  it('gives the same rows as the query built each time, for different arguments', async () => {
    const db = fresh.database.db;
    expect(await byRoleSince(db, 'buyer', '2026-01-01', 10)).toEqual([{ id: 'usr_a' }, { id: 'usr_c' }]);
    expect(await byRoleSince(db, 'operator', '2026-01-03', 10)).toEqual([{ id: 'usr_d' }]);
    expect(await byRoleSince(db, 'buyer', '2026-01-01', 1)).toEqual([{ id: 'usr_a' }]);
    await db.transaction().execute(async (tx) => {
      expect(await byRoleSince(tx, 'operator', '2026-01-01', 10)).toEqual([{ id: 'usr_b' }, { id: 'usr_d' }]);
    });
  });

  it('takes a list of any length as one parameter', async () => {
    const db = fresh.database.db;
    const ids = async (list: string[]) => (await byIds(db, listOf(db, list))).map((row) => row.id);
    expect(await ids([])).toEqual([]);
    expect(await ids(['usr_c'])).toEqual(['usr_c']);
    expect(await ids(['usr_d', 'usr_a', 'usr_a', 'usr_x'])).toEqual(['usr_a', 'usr_d']);
    // Values are data, whatever they hold.
    expect(await ids(['usr_b', `x', "y"]) --`, '{a,b}', '\\', '手机'])).toEqual(['usr_b']);
    await db.transaction().execute(async (tx) => {
      expect((await byIds(tx, listOf(tx, ['usr_b', 'usr_c']))).map((row) => row.email)).toEqual(['b@example.com', 'c@example.com']);
    });
  });

  it('never sees what an open transaction has not committed', async () => {
    const db = fresh.database.db;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => {};
    const didInsert = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const transaction = db.transaction().execute(async (tx) => {
      await tx
        .insertInto('users')
        .values({
          id: 'usr_e',
          email: 'e@example.com',
          password_hash: 'x',
          display_name: 'e',
          role: 'buyer',
          locale: 'en',
          created_at: '2026-01-09',
          updated_at: 'x',
        })
        .execute();
      inserted();
      await held;
    });
    await didInsert;
    const during = byRoleSince(db, 'buyer', '2026-01-09', 10);
    // On SQLite the read waits for the connection; on PostgreSQL it runs and sees the committed state.
    const early = await Promise.race([during, new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))]);
    expect(early === 'waiting' || (Array.isArray(early) && early.length === 0)).toBe(true);
    release();
    await transaction;
    expect(await byRoleSince(db, 'buyer', '2026-01-09', 10)).toEqual([{ id: 'usr_e' }]);
    const settled = await during;
    expect(settled.length <= 1).toBe(true);
  });

  it('reads several queries in one exchange, each with its own rows, in and out of a transaction', async () => {
    const db = fresh.database.db;
    const queries = () => [byRoleSince.compiled(db, 'buyer', '2026-01-01', 10), byRoleSince.compiled(db, 'operator', '2026-01-01', 1)];
    expect(await readTogether(db, queries())).toEqual([[{ id: 'usr_a' }, { id: 'usr_c' }, { id: 'usr_e' }], [{ id: 'usr_b' }]]);
    await db.transaction().execute(async (tx) => {
      const [buyers, operators] = await readTogether(tx, [
        byRoleSince.compiled(tx, 'buyer', '2026-01-02', 10),
        byRoleSince.compiled(tx, 'operator', '2026-01-03', 10),
      ]);
      expect(buyers).toEqual([{ id: 'usr_c' }, { id: 'usr_e' }]);
      expect(operators).toEqual([{ id: 'usr_d' }]);
    });
  });

  it('refuses a definition that does not use an argument', () => {
    const broken = preparedQuery<[string, string], { id: string }>('test.broken', (db, role, _unused) =>
      (db as Kysely<Tables>).selectFrom('users').select('id').where('role', '=', role),
    );
    return expect(broken(fresh.database.db, 'buyer', 'x')).rejects.toThrow(/argument 1 is not used/);
  });
});
