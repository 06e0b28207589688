import type { Executor } from '../../kernel/db/database.js';
import * as repo from './repo.js';
import { entryHash, GENESIS_HASH } from './service.js';

/**
 * `jishi ledger verify`: every invariant of the journal, each reported with examples. Other
 * modules add the checks only they can make (escrow equals what open orders hold) as
 * `ExtraCheck`s; the command composes them.
 */
export interface Problem {
  check: string;
  detail: string;
}

export type ExtraCheck = (db: Executor) => Promise<Problem[]>;

const CHAIN_BATCH = 2000;

export interface ChainPoint {
  seq: number;
  hash: string;
}
export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/**
 * Checks the sealed chain from `start` (a point an earlier check reached) to the head; the
 * full check starts from the genesis. Returns the problems and the last point checked.
 */
export async function verifyChainFrom(db: Executor, start: ChainPoint): Promise<{ problems: Problem[]; reached: ChainPoint }> {
  let previous = { ...start };
  const fail = (problem: Problem) => ({ problems: [problem], reached: previous });
  for (;;) {
    const entries = await repo.sealedEntriesAfter(db, previous.seq, CHAIN_BATCH);
    if (entries.length === 0) break;
    const postings = await repo.postingsOfEntries(
      db,
      entries.map((entry) => entry.id),
    );
    const byEntry = new Map<string, typeof postings>();
    for (const posting of postings) byEntry.set(posting.entry_id, [...(byEntry.get(posting.entry_id) ?? []), posting]);
    for (const entry of entries) {
      const seq = Number(entry.seq);
      if (seq !== previous.seq + 1) return fail({ check: 'hash_chain', detail: `entry ${entry.id} has seq ${seq} after ${previous.seq}` });
      if (entry.prev_hash !== previous.hash)
        return fail({ check: 'hash_chain', detail: `entry ${entry.id} does not link to the entry before it` });
      const hash = entryHash(previous.hash, entry, seq, byEntry.get(entry.id) ?? []);
      if (hash !== entry.hash) return fail({ check: 'hash_chain', detail: `entry ${entry.id} (seq ${seq}) does not match its hash` });
      previous = { seq, hash };
    }
  }
  const head = await repo.lockChainHead(db);
  if (head.seq !== previous.seq || head.hash !== previous.hash) {
    return fail({ check: 'hash_chain', detail: `the chain head (seq ${head.seq}) is not the last sealed entry (seq ${previous.seq})` });
  }
  return { problems: [], reached: previous };
}

export interface VerifyReport {
  ok: boolean;
  problems: Problem[];
}

export async function verifyLedger(db: Executor, extraChecks: readonly ExtraCheck[] = []): Promise<VerifyReport> {
  const problems: Problem[] = [];
  for (const row of await repo.unbalancedEntries(db)) {
    problems.push({ check: 'entries_balance', detail: `entry ${row.entry_id} sums to ${row.total} in ${row.currency}` });
  }
  for (const row of await repo.entriesWithFewPostings(db)) {
    problems.push({ check: 'entries_balance', detail: `entry ${row.id} has fewer than two postings` });
  }
  for (const row of await repo.driftedBalances(db)) {
    problems.push({
      check: 'balances_match_postings',
      detail: `account ${row.id} holds ${row.balance} but its postings sum to ${row.posted}`,
    });
  }
  for (const row of await repo.negativeBalances(db)) {
    problems.push({ check: 'no_negative_balance', detail: `account ${row.id} is at ${row.balance}` });
  }
  problems.push(...(await verifyChainFrom(db, CHAIN_START)).problems);
  for (const check of extraChecks) problems.push(...(await check(db)));
  return { ok: problems.length === 0, problems };
}

/** What every escrow account holds, by order id, for the orders module's check. */
export async function escrowBalances(db: Executor): Promise<Map<string, { currency: string; balance: number }>> {
  const rows = await repo.balancesByKind(db, 'escrow');
  return new Map(rows.map((row) => [row.owner_id, { currency: row.currency, balance: row.balance }]));
}
