export type RefundKind = 'refund_only' | 'return_and_refund';
export type RefundState =
  | 'requested'
  | 'awaiting_return'
  | 'return_shipped'
  | 'declined'
  | 'disputed'
  | 'refunded'
  | 'withdrawn'
  | 'closed';

export interface RefundsTable {
  id: string;
  order_id: string;
  store_id: string;
  buyer_id: string;
  kind: RefundKind;
  state: RefundState;
  state_version: number;
  /** What the buyer asks for; `refunded_minor` is what was paid back in the end. */
  amount_minor: number;
  refunded_minor: number;
  currency: string;
  reason: string;
  note: string;
  decline_reason: string | null;
  return_carrier: string | null;
  return_tracking_number: string | null;
  dispute_id: string | null;
  idempotency_key: string;
  created_at: string;
  updated_at: string;
}

export type DisputeState = 'open' | 'decided' | 'withdrawn';
export type DisputeOutcome = 'refund_full' | 'refund_partial' | 'release';

export interface DisputesTable {
  id: string;
  refund_id: string;
  order_id: string;
  store_id: string;
  buyer_id: string;
  state: DisputeState;
  state_version: number;
  outcome: DisputeOutcome | null;
  refund_amount_minor: number | null;
  currency: string;
  statement: string;
  decided_note: string | null;
  decided_by: string | null;
  created_at: string;
  decided_at: string | null;
  updated_at: string;
}

export interface DisputeMessagesTable {
  id: string;
  dispute_id: string;
  author_id: string;
  author_role: 'buyer' | 'seller' | 'operator';
  body: string;
  /** JSON array of media image ids: the evidence. */
  image_ids: string;
  created_at: string;
}

export interface AftersaleTables {
  refunds: RefundsTable;
  disputes: DisputesTable;
  dispute_messages: DisputeMessagesTable;
}
