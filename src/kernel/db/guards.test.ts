import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { AppError } from '../errors.js';
import { checkGuard, notNullGuard } from './guards.js';
import { preparedStatement } from './prepared.js';

interface Tables {
  pots: { id: string; coins: number; label: string };
}

checkGuard('pots_not_negative', () => new AppError('insufficient_funds'));
notNullGuard('pots', 'label', () => new AppError('idempotency_request_in_progress'));

const take = preparedStatement('update "pots" set "coins" = "coins" - ? where "id" = ?', { blind: true });
const relabel = preparedStatement('update "pots" set "label" = case when "coins" > ? then ? else null end where "id" = ?', { blind: true });

// A guard kept by the database makes a blind statement fail; both drivers throw the error the
// guard registered, wherever the failure surfaces, and the transaction leaves nothing behind.
describe.each(dialects)('guards on %s', (dialect) => {
  let fresh: FreshDatabase;
  let db: Kysely<Tables>;
  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = fresh.database.db as Kysely<Tables>;
    await sql`create table pots (id text primary key, coins integer not null, label text not null, constraint pots_not_negative check (coins >= 0))`.execute(
      db,
    );
    await db.insertInto('pots').values({ id: 'p1', coins: 10, label: 'first' }).execute();
  });
  afterAll(() => fresh?.cleanup());

  const coins = async () => (await db.selectFrom('pots').select('coins').where('id', '=', 'p1').executeTakeFirstOrThrow()).coins;

  it('let a guarded statement pass when the rule holds', async () => {
    await db.transaction().execute(async (tx) => {
      await take(tx, 4, 'p1');
    });
    expect(await coins()).toBe(6);
  });

  it('turn a CHECK failure into the registered error, at the commit when nothing is waited for after it', async () => {
    const attempt = db.transaction().execute(async (tx) => {
      await take(tx, 1, 'p1');
      await take(tx, 100, 'p1');
    });
    await expect(attempt).rejects.toMatchObject({ code: 'insufficient_funds' });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    expect(await coins()).toBe(6);
  });

  it('turn a NOT NULL failure into the registered error, at the next statement waited for', async () => {
    let read = false;
    const attempt = db.transaction().execute(async (tx) => {
      await take(tx, 1, 'p1');
      await relabel(tx, 1000, 'never', 'p1');
      read = true;
      await tx.selectFrom('pots').selectAll().execute();
    });
    await expect(attempt).rejects.toMatchObject({ code: 'idempotency_request_in_progress' });
    expect(read).toBe(dialect === 'postgres');
    expect(await coins()).toBe(6);
  });

  it('turn the failure into the registered error outside a transaction too, and leave other failures alone', async () => {
    await expect(take(db, 7, 'p1')).rejects.toMatchObject({ code: 'insufficient_funds' });
    await expect(sql`insert into pots (id, coins, label) values ('p1', 1, 'again')`.execute(db)).rejects.not.toBeInstanceOf(AppError);
    expect(await coins()).toBe(6);
  });
});
