/**
 * The ledger module's public API: the double-entry journal every money movement goes
 * through, its accounts and balances, the sealer of the hash chain, and `verifyLedger`.
 */
import { up } from './migrations/2026112412_ledger_initial.js';

export type { AccountKind } from './schema.js';
export type { AccountRef, EntryInput, Posting } from './service.js';
export { account, accountHistory, balanceOf, balancesOf, post, seal } from './service.js';
export type { ChainPoint, ExtraCheck, Problem, VerifyReport } from './verify.js';
export { CHAIN_START, escrowBalances, verifyChainFrom, verifyLedger } from './verify.js';

export const ledgerMigrations = { '2026112412_ledger_initial': { up } };
