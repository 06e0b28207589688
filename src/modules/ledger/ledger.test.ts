import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { ManualClock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { account, balanceOf, post, seal, verifyLedger } from './index.js';

describe.each(dialects)('the ledger on %s', (dialect) => {
  let fresh: FreshDatabase;
  let db: Executor;
  const clock = new ManualClock(new Date('2026-11-24T08:00:00Z'));
  const clearing = account.clearing('sandbox', 'CNY');

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = fresh.database.db;
  });
  afterAll(async () => fresh?.cleanup());

  const topUp = (userId: string, amount: number) =>
    db.transaction().execute((tx) =>
      post(tx, clock, {
        kind: 'top_up',
        reference_id: `top_${userId}`,
        postings: [
          { account: clearing, amount_minor: -amount },
          { account: account.buyerWallet(userId, 'CNY'), amount_minor: amount },
        ],
      }),
    );

  it('moves money between accounts and keeps owner balances and system sums', async () => {
    await topUp('usr_a', 5000);
    expect(await balanceOf(db, account.buyerWallet('usr_a', 'CNY'))).toBe(5000);
    expect(await balanceOf(db, clearing)).toBe(-5000);
  });

  it('refuses an entry that does not balance or has one posting, writing nothing', async () => {
    await expect(
      post(db, clock, {
        kind: 'bad',
        reference_id: 'x',
        postings: [
          { account: clearing, amount_minor: -1 },
          { account: account.buyerWallet('usr_b', 'CNY'), amount_minor: 2 },
        ],
      }),
    ).rejects.toThrow(/does not balance/);
    await expect(post(db, clock, { kind: 'bad', reference_id: 'x', postings: [{ account: clearing, amount_minor: 1 }] })).rejects.toThrow(
      /two postings/,
    );
    const mixed = post(db, clock, {
      kind: 'bad',
      reference_id: 'x',
      postings: [
        { account: account.clearing('sandbox', 'USD'), amount_minor: -1 },
        { account: account.buyerWallet('usr_b', 'CNY'), amount_minor: 1 },
      ],
    });
    await expect(mixed).rejects.toThrow(/does not balance/);
    expect(await balanceOf(db, account.buyerWallet('usr_b', 'CNY'))).toBe(0);
  });

  it('never lets a wallet go below zero, and rolls the whole entry back when it would', async () => {
    const wallet = account.buyerWallet('usr_a', 'CNY');
    const escrow = account.escrow('ord_x', 'CNY');
    const attempt = db.transaction().execute((tx) =>
      post(tx, clock, {
        kind: 'order_payment',
        reference_id: 'ord_x',
        postings: [
          { account: wallet, amount_minor: -6000 },
          { account: escrow, amount_minor: 6000 },
        ],
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'insufficient_funds' });
    expect(await balanceOf(db, wallet)).toBe(5000);
    expect(await balanceOf(db, escrow)).toBe(0);
  });

  it('lets exactly as many concurrent spends through as the balance covers', async () => {
    await topUp('usr_c', 2000);
    const wallet = account.buyerWallet('usr_c', 'CNY');
    const spends = Array.from({ length: 30 }, (_, index) =>
      db
        .transaction()
        .execute((tx) =>
          post(tx, clock, {
            kind: 'order_payment',
            reference_id: `ord_c${index}`,
            postings: [
              { account: wallet, amount_minor: -100 },
              { account: account.escrow(`ord_c${index}`, 'CNY'), amount_minor: 100 },
            ],
          }),
        )
        .then(
          () => 'ok',
          (error) => error.code,
        ),
    );
    const outcomes = await Promise.all(spends);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(20);
    expect(outcomes.filter((outcome) => outcome === 'insufficient_funds')).toHaveLength(10);
    expect(await balanceOf(db, wallet)).toBe(0);
  });

  it('refuses to change or delete a posting', async () => {
    await expect(sql`update ledger_postings set amount_minor = amount_minor + 1`.execute(db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from ledger_postings`.execute(db)).rejects.toThrow(/immutable/);
  });

  it('seals entries into a hash chain that verify accepts, and notices tampering', async () => {
    const sealed = await seal(db);
    expect(sealed).toBeGreaterThan(20);
    expect(await seal(db)).toBe(0);
    expect(await verifyLedger(db)).toEqual({ ok: true, problems: [] });
    const victim = await sql<{ id: string; memo: string }>`select id, memo from ledger_entries where seq = 3`.execute(db);
    const row = victim.rows[0];
    if (!row) throw new Error('no entry 3');
    await sql`update ledger_entries set memo = 'edited' where id = ${row.id}`.execute(db);
    const report = await verifyLedger(db);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ check: 'hash_chain', detail: expect.stringContaining('(seq 3) does not match its hash') }]);
    await sql`update ledger_entries set memo = ${row.memo} where id = ${row.id}`.execute(db);
    expect((await verifyLedger(db)).ok).toBe(true);
  });

  it('notices a stored balance that drifted from its postings', async () => {
    const wallet = account.buyerWallet('usr_a', 'CNY');
    await sql`update ledger_accounts set balance = balance + 1 where id = ${wallet.id}`.execute(db);
    const report = await verifyLedger(db);
    expect(report.problems).toEqual([
      { check: 'balances_match_postings', detail: `account ${wallet.id} holds 5001 but its postings sum to 5000` },
    ]);
    await sql`update ledger_accounts set balance = balance - 1 where id = ${wallet.id}`.execute(db);
  });

  it('keeps every invariant over random transfers (model-based)', async () => {
    const users = ['usr_p1', 'usr_p2', 'usr_p3'];
    const model = new Map<string, number>(users.map((user) => [user, 0]));
    for (const user of users) model.set(user, await balanceOf(db, account.buyerWallet(user, 'CNY')));
    const operation = fc.oneof(
      fc.record({ type: fc.constant('top_up' as const), user: fc.constantFrom(...users), amount: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({
        type: fc.constant('transfer' as const),
        from: fc.constantFrom(...users),
        to: fc.constantFrom(...users),
        amount: fc.integer({ min: 1, max: 12_000 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        for (const op of operations) {
          if (op.type === 'top_up') {
            await topUp(op.user, op.amount);
            model.set(op.user, (model.get(op.user) ?? 0) + op.amount);
            continue;
          }
          if (op.from === op.to) continue;
          const enough = (model.get(op.from) ?? 0) >= op.amount;
          const outcome = await db
            .transaction()
            .execute((tx) =>
              post(tx, clock, {
                kind: 'transfer',
                reference_id: op.from,
                postings: [
                  { account: account.buyerWallet(op.from, 'CNY'), amount_minor: -op.amount },
                  { account: account.buyerWallet(op.to, 'CNY'), amount_minor: op.amount },
                ],
              }),
            )
            .then(
              () => 'ok',
              (error) => error.code,
            );
          expect(outcome).toBe(enough ? 'ok' : 'insufficient_funds');
          if (enough) {
            model.set(op.from, (model.get(op.from) ?? 0) - op.amount);
            model.set(op.to, (model.get(op.to) ?? 0) + op.amount);
          }
        }
        for (const user of users) expect(await balanceOf(db, account.buyerWallet(user, 'CNY'))).toBe(model.get(user));
        await seal(db);
        expect(await verifyLedger(db)).toEqual({ ok: true, problems: [] });
      }),
      { numRuns: 30 },
    );
  });
});
