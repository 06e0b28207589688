import { CompiledQuery, type Kysely, sql } from 'kysely';
import { dialectOf, type Executor } from '../../kernel/db/database.js';
import { insertRow, insertRows, preparedStatement } from '../../kernel/db/prepared.js';
import type { LedgerAccountsTable, LedgerEntriesTable, LedgerPostingsTable, LedgerTables } from './schema.js';

type Db = Kysely<LedgerTables>;

export function tables(db: Executor): Db {
  return db as Db;
}

export async function ensureAccounts(db: Executor, accounts: readonly LedgerAccountsTable[]): Promise<void> {
  if (accounts.length === 0) return;
  await insertRows(db, 'ledger_accounts', accounts, 'on conflict ("id") do nothing', { blind: true });
}

/**
 * Opens owner accounts that do not exist yet and adds each row's balance (a credit, ≥ 0) to
 * those that do. Every existing row is locked, credited or not (PostgreSQL locks the rows an
 * `on conflict do update` meets), in the order given.
 */
export async function openAndCredit(db: Executor, accounts: readonly LedgerAccountsTable[]): Promise<void> {
  if (accounts.length === 0) return;
  await insertRows(
    db,
    'ledger_accounts',
    accounts,
    'on conflict ("id") do update set "balance" = "ledger_accounts"."balance" + excluded."balance" where excluded."balance" > 0',
    { blind: true },
  );
}

/**
 * Takes money out of an owner account, unanswered: the database's own rule that a tracked
 * balance is never below zero (`ledger_accounts_not_negative`) refuses an overdraft, which
 * fails the transaction with `insufficient_funds` (guards.ts, registered in service.ts).
 */
const subtractFromBalance = preparedStatement('update "ledger_accounts" set "balance" = "balance" - ? where "id" = ?', { blind: true });

export async function debit(db: Executor, accountId: string, amount: number): Promise<void> {
  await subtractFromBalance(db, amount, accountId);
}

export async function insertEntry(db: Executor, entry: LedgerEntriesTable, postings: LedgerPostingsTable[]): Promise<void> {
  await insertRow(db, 'ledger_entries', entry, '', { blind: true });
  await insertRows(db, 'ledger_postings', postings, '', { blind: true });
}

export function findAccounts(db: Executor, ids: readonly string[]) {
  return tables(db)
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', 'in', ids as string[])
    .execute();
}

export async function postedSum(db: Executor, accountId: string): Promise<number> {
  const row = await tables(db)
    .selectFrom('ledger_postings')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), sql<number>`0`).as('total'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export function accountsOf(db: Executor, ownerId: string) {
  return tables(db).selectFrom('ledger_accounts').selectAll().where('owner_id', '=', ownerId).orderBy('id').execute();
}

/** An account's postings, newest first, with their entries, for a wallet's history. */
export function postingsOf(db: Executor, accountId: string, beforeEntryId: string | undefined, limit: number) {
  let query = tables(db)
    .selectFrom('ledger_postings as p')
    .innerJoin('ledger_entries as e', 'e.id', 'p.entry_id')
    .select(['e.id as entry_id', 'e.kind', 'e.reference_id', 'e.memo', 'e.created_at', 'p.amount_minor', 'p.currency'])
    .where('p.account_id', '=', accountId)
    .orderBy('p.entry_id', 'desc')
    .limit(limit);
  if (beforeEntryId) query = query.where('p.entry_id', '<', beforeEntryId);
  return query.execute();
}

// --- sealing ---------------------------------------------------------------------------

/** Locks the chain head for the sealer's transaction (PostgreSQL; SQLite has one writer). */
export async function lockChainHead(db: Executor) {
  const lock = dialectOf(db) === 'postgres' ? sql`for update` : sql``;
  const result = await sql<{ seq: number; hash: string }>`select seq, hash from ledger_chain where id = 1 ${lock}`.execute(db);
  const head = result.rows[0];
  if (!head) throw new Error('the ledger chain head is missing');
  return { seq: Number(head.seq), hash: head.hash };
}

export function unsealedEntries(db: Executor, limit: number) {
  return tables(db).selectFrom('ledger_entries').selectAll().where('seq', 'is', null).orderBy('id').limit(limit).execute();
}

export function postingsOfEntries(db: Executor, entryIds: readonly string[]) {
  return tables(db)
    .selectFrom('ledger_postings')
    .selectAll()
    .where('entry_id', 'in', entryIds as string[])
    .orderBy('entry_id')
    .orderBy('position')
    .execute();
}

export interface Seal {
  id: string;
  seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * Seals a batch of entries in one statement (the sealer holds the chain head's lock, so
 * nobody else seals meanwhile). The two databases spell a join against a list of values
 * differently: PostgreSQL types the list's columns in an `update … from (values …)`, SQLite
 * reads them from a `with`.
 */
export async function sealEntries(db: Executor, seals: readonly Seal[]): Promise<void> {
  if (seals.length === 0) return;
  const values = seals.flatMap((seal) => [seal.id, seal.seq, seal.prev_hash, seal.hash]);
  if (dialectOf(db) === 'postgres') {
    const rows = seals.map(
      (_, index) => `($${4 * index + 1}::text, $${4 * index + 2}::bigint, $${4 * index + 3}::text, $${4 * index + 4}::text)`,
    );
    await db.executeQuery(
      CompiledQuery.raw(
        `update "ledger_entries" as e set "seq" = v.seq, "prev_hash" = v.prev_hash, "hash" = v.hash
         from (values ${rows.join(', ')}) as v (id, seq, prev_hash, hash) where e.id = v.id and e.seq is null`,
        values,
      ),
    );
    return;
  }
  const rows = seals.map(() => '(?, ?, ?, ?)');
  await db.executeQuery(
    CompiledQuery.raw(
      `with v (id, seq, prev_hash, hash) as (values ${rows.join(', ')})
       update "ledger_entries" set "seq" = (select v.seq from v where v.id = "ledger_entries".id),
         "prev_hash" = (select v.prev_hash from v where v.id = "ledger_entries".id),
         "hash" = (select v.hash from v where v.id = "ledger_entries".id)
       where "id" in (select id from v) and "seq" is null`,
      values,
    ),
  );
}

export async function moveChainHead(db: Executor, seq: number, hash: string): Promise<void> {
  await tables(db).updateTable('ledger_chain').set({ seq, hash }).where('id', '=', 1).execute();
}

// --- verification ----------------------------------------------------------------------

export async function unbalancedEntries(db: Executor) {
  const result = await sql<{ entry_id: string; currency: string; total: number }>`
    select entry_id, currency, sum(amount_minor) as total from ledger_postings
    group by entry_id, currency having sum(amount_minor) <> 0 limit 100`.execute(db);
  return result.rows;
}

export async function entriesWithFewPostings(db: Executor) {
  const result = await sql<{ id: string }>`
    select e.id from ledger_entries e left join ledger_postings p on p.entry_id = e.id
    group by e.id having count(p.entry_id) < 2 limit 100`.execute(db);
  return result.rows;
}

export async function driftedBalances(db: Executor) {
  const result = await sql<{ id: string; balance: number; posted: number }>`
    select a.id, a.balance, coalesce(sum(p.amount_minor), 0) as posted
    from ledger_accounts a left join ledger_postings p on p.account_id = a.id
    where a.tracked = 1
    group by a.id, a.balance
    having a.balance <> coalesce(sum(p.amount_minor), 0) limit 100`.execute(db);
  return result.rows;
}

export async function negativeBalances(db: Executor) {
  const result = await sql<{ id: string; balance: number }>`
    select id, balance from ledger_accounts where tracked = 1 and balance < 0 limit 100`.execute(db);
  return result.rows;
}

export function sealedEntriesAfter(db: Executor, afterSeq: number, limit: number) {
  return tables(db).selectFrom('ledger_entries').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export async function balancesByKind(db: Executor, kind: string) {
  const result = await sql<{ id: string; owner_id: string; currency: string; balance: number }>`
    select id, owner_id, currency, balance from ledger_accounts where kind = ${kind}`.execute(db);
  return result.rows.map((row) => ({ ...row, balance: Number(row.balance) }));
}
