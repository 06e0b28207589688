export type PaymentState = 'pending' | 'succeeded' | 'failed';

export interface PaymentsTable {
  id: string;
  user_id: string;
  /** `orders` pays placed orders into escrow; `top_up` adds to the buyer's wallet. */
  purpose: 'orders' | 'top_up';
  method: 'wallet' | 'card';
  provider: string | null;
  provider_reference: string | null;
  state: PaymentState;
  amount_minor: number;
  currency: string;
  /** JSON: the orders paid, for purpose `orders`. */
  order_ids: string;
  failure_reason: string | null;
  idempotency_key: string;
  created_at: string;
  updated_at: string;
}

export interface PaymentsTables {
  payments: PaymentsTable;
}

export type PayoutState = 'pending' | 'in_transit' | 'paid' | 'failed';

export interface PayoutsTable {
  id: string;
  store_id: string;
  requested_by: string;
  state: PayoutState;
  state_version: number;
  amount_minor: number;
  currency: string;
  holder_name: string;
  bank_name: string;
  /** Kept to send the payout; only its last four digits are ever shown. */
  account_number: string;
  provider: string;
  provider_reference: string | null;
  failure_reason: string | null;
  idempotency_key: string;
  created_at: string;
  settled_at: string | null;
  updated_at: string;
}

export interface PayoutsTables {
  payouts: PayoutsTable;
}

/** The sandbox provider's own record of charges (its side of the wire, not Jishi's). */
export interface SandboxChargesTable {
  merchant_reference: string;
  reference: string | null;
  status: 'succeeded' | 'pending' | 'declined';
  reason: string | null;
  amount_minor: number;
  currency: string;
  created_at: string;
}
