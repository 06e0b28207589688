/**
 * Account kinds. Owner accounts keep a stored balance that may never go below zero (a CHECK
 * constraint refuses it); system accounts (the provider's clearing account, the
 * platform's commission, payouts in transit) are never a row every checkout must lock: their
 * balance is the sum of their postings, computed when asked.
 */
export type AccountKind =
  | 'buyer_wallet'
  | 'escrow'
  | 'seller_held'
  | 'seller_available'
  | 'commission'
  | 'provider_clearing'
  | 'payouts_in_transit';

export interface LedgerAccountsTable {
  /** Readable and derived from what it is, e.g. `wallet:usr_…:CNY`, `escrow:ord_…:CNY`. */
  id: string;
  kind: AccountKind;
  owner_id: string;
  currency: string;
  /** Kept for owner accounts (tracked = 1); 0 and unused for system accounts. */
  balance: number;
  tracked: number;
  created_at: string;
}

export interface LedgerEntriesTable {
  id: string;
  /** What moved the money: top_up, order_payment, escrow_release, refund, payout … */
  kind: string;
  /** The order, payment, refund or payout the entry belongs to. */
  reference_id: string;
  memo: string;
  created_at: string;
  /** Set by the sealer: the entry's place in the hash chain, and the chain's hashes. */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface LedgerPostingsTable {
  entry_id: string;
  position: number;
  account_id: string;
  currency: string;
  /** Signed, in the currency's minor unit: positive credits the account, negative debits it. */
  amount_minor: number;
}

export interface LedgerChainTable {
  /** One row: the head of the sealed chain. Only the sealer touches it. */
  id: number;
  seq: number;
  hash: string;
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_postings: LedgerPostingsTable;
  ledger_chain: LedgerChainTable;
}
