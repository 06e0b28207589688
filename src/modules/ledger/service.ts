import { createHash } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { checkGuard } from '../../kernel/db/guards.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import * as repo from './repo.js';
import type { AccountKind, LedgerAccountsTable, LedgerEntriesTable, LedgerPostingsTable } from './schema.js';

/**
 * The double-entry journal. Every movement of money is one entry of two or more postings
 * that sum to zero per currency, in integer minor units. Postings are never changed; a
 * correction is a new entry. Owner accounts (wallets, escrow, seller balances) keep a stored
 * balance that the database refuses to take below zero (`ledger_accounts_not_negative`), even
 * under concurrent spending; system accounts have no stored balance, so no row is locked by every
 * checkout. A background sealer chains entries by hash in the order it seals them.
 */
export interface AccountRef {
  id: string;
  kind: AccountKind;
  owner_id: string;
  currency: string;
}

checkGuard(
  'ledger_accounts_not_negative',
  () => new AppError('insufficient_funds', { message: 'There is not enough money in the account for this.' }),
);

const SYSTEM_KINDS: ReadonlySet<AccountKind> = new Set(['commission', 'provider_clearing', 'payouts_in_transit']);

export const account = {
  buyerWallet: (userId: string, currency: string): AccountRef => ({
    id: `wallet:${userId}:${currency}`,
    kind: 'buyer_wallet',
    owner_id: userId,
    currency,
  }),
  escrow: (orderId: string, currency: string): AccountRef => ({
    id: `escrow:${orderId}:${currency}`,
    kind: 'escrow',
    owner_id: orderId,
    currency,
  }),
  sellerHeld: (storeId: string, currency: string): AccountRef => ({
    id: `held:${storeId}:${currency}`,
    kind: 'seller_held',
    owner_id: storeId,
    currency,
  }),
  sellerAvailable: (storeId: string, currency: string): AccountRef => ({
    id: `available:${storeId}:${currency}`,
    kind: 'seller_available',
    owner_id: storeId,
    currency,
  }),
  commission: (currency: string): AccountRef => ({ id: `commission:${currency}`, kind: 'commission', owner_id: 'platform', currency }),
  clearing: (provider: string, currency: string): AccountRef => ({
    id: `clearing:${provider}:${currency}`,
    kind: 'provider_clearing',
    owner_id: provider,
    currency,
  }),
  payoutsInTransit: (currency: string): AccountRef => ({
    id: `in-transit:${currency}`,
    kind: 'payouts_in_transit',
    owner_id: 'platform',
    currency,
  }),
};

export interface Posting {
  account: AccountRef;
  /** Positive credits the account (its balance grows), negative debits it. */
  amount_minor: number;
}

export interface EntryInput {
  kind: string;
  reference_id: string;
  memo?: string;
  postings: readonly Posting[];
}

function checkBalanced(input: EntryInput): void {
  if (input.postings.length < 2) throw new Error(`a journal entry needs two postings (${input.kind})`);
  const totals = new Map<string, number>();
  for (const posting of input.postings) {
    if (!Number.isSafeInteger(posting.amount_minor) || posting.amount_minor === 0) {
      throw new Error(`a posting must be a non-zero whole number of minor units (${input.kind})`);
    }
    const currency = posting.account.currency;
    totals.set(currency, (totals.get(currency) ?? 0) + posting.amount_minor);
  }
  for (const [currency, total] of totals) {
    if (total !== 0) throw new Error(`journal entry ${input.kind} does not balance in ${currency}: ${total}`);
  }
}

/**
 * Writes one entry in the caller's transaction. An owner account that would go below zero
 * fails the caller's transaction with `insufficient_funds`: on SQLite here, on PostgreSQL at
 * its next statement waited for or its commit (the statements travel unanswered).
 */
export async function post(tx: Executor, clock: Clock, input: EntryInput): Promise<string> {
  checkBalanced(input);
  const now_ms = clock.now_ms();
  const now = new Date(now_ms).toISOString();
  const distinct = new Map(input.postings.map((posting) => [posting.account.id, posting.account]));
  const deltas = new Map<string, number>();
  for (const posting of input.postings) {
    if (SYSTEM_KINDS.has(posting.account.kind)) continue;
    deltas.set(posting.account.id, (deltas.get(posting.account.id) ?? 0) + posting.amount_minor);
  }
  const row = (ref: AccountRef, balance: number): LedgerAccountsTable => ({
    ...ref,
    balance,
    tracked: SYSTEM_KINDS.has(ref.kind) ? 0 : 1,
    created_at: now,
  });
  const refs = [...distinct.values()];
  await repo.ensureAccounts(
    tx,
    refs.filter((ref) => SYSTEM_KINDS.has(ref.kind)).map((ref) => row(ref, 0)),
  );
  // Owner accounts are opened, credited and locked by one statement, in account-id order (so
  // two transactions never wait on each other's rows in opposite orders: a deadlock on
  // PostgreSQL). Debits follow, refused by the database when a balance would go below zero.
  // Nothing here waits for an answer.
  const ids = [...deltas.keys()].sort();
  await repo.openAndCredit(
    tx,
    ids.map((id) => row(distinct.get(id) as AccountRef, Math.max(deltas.get(id) ?? 0, 0))),
  );
  for (const id of ids) {
    const delta = deltas.get(id) ?? 0;
    if (delta < 0) await repo.debit(tx, id, -delta);
  }
  const entry: LedgerEntriesTable = {
    id: newId('jrn', now_ms),
    kind: input.kind,
    reference_id: input.reference_id,
    memo: input.memo ?? '',
    created_at: now,
    seq: null,
    prev_hash: null,
    hash: null,
  };
  const postings: LedgerPostingsTable[] = input.postings.map((posting, position) => ({
    entry_id: entry.id,
    position,
    account_id: posting.account.id,
    currency: posting.account.currency,
    amount_minor: posting.amount_minor,
  }));
  await repo.insertEntry(tx, entry, postings);
  return entry.id;
}

/** An account's balance: the stored one for owner accounts, the postings' sum for system ones. */
export async function balanceOf(db: Executor, ref: AccountRef): Promise<number> {
  if (SYSTEM_KINDS.has(ref.kind)) return repo.postedSum(db, ref.id);
  const [row] = await repo.findAccounts(db, [ref.id]);
  return row ? Number(row.balance) : 0;
}

export async function balancesOf(db: Executor, ownerId: string) {
  const rows = await repo.accountsOf(db, ownerId);
  return rows.map((row) => ({ id: row.id, kind: row.kind, currency: row.currency, balance_minor: Number(row.balance) }));
}

export function accountHistory(db: Executor, accountId: string, beforeEntryId: string | undefined, limit: number) {
  return repo.postingsOf(db, accountId, beforeEntryId, limit);
}

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(
  prevHash: string,
  entry: Pick<LedgerEntriesTable, 'id' | 'kind' | 'reference_id' | 'memo' | 'created_at'>,
  seq: number,
  postings: readonly Pick<LedgerPostingsTable, 'position' | 'account_id' | 'currency' | 'amount_minor'>[],
): string {
  const hash = createHash('sha256');
  hash.update(`${prevHash}\n${seq}\n${entry.id}\n${entry.kind}\n${entry.reference_id}\n${entry.memo}\n${entry.created_at}\n`);
  for (const posting of postings)
    hash.update(`${posting.position}|${posting.account_id}|${posting.currency}|${Number(posting.amount_minor)}\n`);
  return hash.digest('hex');
}

const SEAL_BATCH = 50;

/**
 * Chains unsealed entries onto the head, in id order, in one transaction per batch. Only the
 * sealer locks the head row; checkouts never touch it. Returns how many entries it sealed.
 */
export async function seal(db: Executor): Promise<number> {
  let sealed = 0;
  for (;;) {
    const count = await db.transaction().execute(async (tx) => {
      let head = await repo.lockChainHead(tx);
      const entries = await repo.unsealedEntries(tx, SEAL_BATCH);
      if (entries.length === 0) return 0;
      const postings = await repo.postingsOfEntries(
        tx,
        entries.map((entry) => entry.id),
      );
      const byEntry = new Map<string, typeof postings>();
      for (const posting of postings) byEntry.set(posting.entry_id, [...(byEntry.get(posting.entry_id) ?? []), posting]);
      const seals: repo.Seal[] = [];
      for (const entry of entries) {
        const seq = head.seq + 1;
        const hash = entryHash(head.hash, entry, seq, byEntry.get(entry.id) ?? []);
        seals.push({ id: entry.id, seq, prev_hash: head.hash, hash });
        head = { seq, hash };
      }
      await repo.sealEntries(tx, seals);
      await repo.moveChainHead(tx, head.seq, head.hash);
      return entries.length;
    });
    sealed += count;
    if (count < SEAL_BATCH) return sealed;
  }
}
