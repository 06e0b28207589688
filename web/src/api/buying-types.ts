/** The shapes the buying, wallet, refund and dispute APIs answer with. */

export interface CartLine {
  sku_id: string;
  product_id: string;
  title: string;
  options: string[];
  image_id: string | null;
  quantity: number;
  selected: boolean;
  price_minor: number;
  price_seen_minor: number;
  price_changed: boolean;
  stock: number;
  available: boolean;
  enough_stock: boolean;
}

export interface CartGroup {
  store: { id: string; name: string; handle: string };
  currency: string;
  lines: CartLine[];
  subtotal_minor: number;
}

export interface Cart {
  stores: CartGroup[];
}

export interface Address {
  id: string;
  recipient: string;
  phone: string;
  country: string;
  region: string;
  city: string;
  line1: string;
  line2: string;
  postal_code: string;
  is_default: boolean;
}

export type AddressInput = Omit<Address, 'id' | 'is_default'> & { is_default?: boolean };

export interface ShippingRule {
  mode: 'flat' | 'weight';
  base_minor: number;
  first_weight_g: number;
  per_kg_minor: number;
  free_over_minor: number | null;
}

export type OrderState = 'placed' | 'paid' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'after_sale' | 'refunded';
export type Actor = 'buyer' | 'seller' | 'operator' | 'system';
export type OrderAction = 'cancel' | 'cancel-and-refund' | 'ship' | 'deliver' | 'confirm-receipt';

export interface Order {
  id: string;
  buyer_id: string;
  store_id: string;
  checkout_id: string;
  state: OrderState;
  currency: string;
  items_minor: number;
  shipping_minor: number;
  total_minor: number;
  commission_minor: number;
  refunded_minor: number;
  released_minor: number;
  paid_via: string | null;
  address: Partial<Address>;
  buyer_note: string;
  carrier: string | null;
  tracking_number: string | null;
  placed_at: string;
  paid_at: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
}

export interface OrderItem {
  sku_id: string;
  product_id: string;
  title: string;
  options: string[];
  image_id: string | null;
  quantity: number;
  price_minor: number;
  line_minor: number;
}

export interface HistoryRow {
  transition: string;
  from: string | null;
  to: string;
  actor: Actor | string;
  note: string;
  at: string;
}

export interface OrderDetail extends Order {
  items: OrderItem[];
  history: HistoryRow[];
  viewer: Actor;
  actions: OrderAction[];
}

export interface CheckoutAnswer {
  checkout_id: string;
  orders: Order[];
  totals: Record<string, number>;
}

export interface Payment {
  id: string;
  purpose: string;
  method: 'wallet' | 'card';
  state: 'pending' | 'succeeded' | 'failed';
  amount_minor: number;
  currency: string;
  order_ids: string[];
  failure_reason: string | null;
  created_at: string;
}

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

export interface Balance {
  id: string;
  kind: 'buyer_wallet' | 'seller_held' | 'seller_available' | string;
  currency: string;
  balance_minor: number;
}

export interface Wallet {
  balances: Balance[];
  stores: { id: string; name: string; balances: Balance[] }[];
}

export interface Posting {
  entry_id: string;
  kind: string;
  reference_id: string;
  memo: string;
  created_at: string;
  amount_minor: number;
  currency: string;
}

export interface Payout {
  id: string;
  store_id: string;
  amount_minor: number;
  currency: string;
  state: 'pending' | 'in_transit' | 'paid' | 'failed';
  failure_reason: string | null;
  account_last4: string;
  created_at: string;
  settled_at: string | null;
}

export type RefundKind = 'refund_only' | 'return_and_refund';
export type RefundState =
  | 'requested'
  | 'awaiting_return'
  | 'return_shipped'
  | 'refunded'
  | 'declined'
  | 'withdrawn'
  | 'disputed'
  | 'closed';

export interface Refund {
  id: string;
  order_id: string;
  store_id: string;
  buyer_id: string;
  kind: RefundKind;
  state: RefundState;
  amount_minor: number;
  currency: string;
  reason: string;
  note: string | null;
  decline_reason: string | null;
  return_carrier: string | null;
  return_tracking_number: string | null;
  dispute_id: string | null;
  created_at: string;
  updated_at: string;
  respond_by: string | null;
  /** What happens at `respond_by` if nobody acts (e.g. auto_accept_refund). */
  deadline_action?: string | null;
}

export interface RefundHistoryRow {
  transition: string;
  from_state: string | null;
  to_state: string;
  actor_type: Actor | string;
  note: string | null;
  created_at: string;
}

export interface RefundDetail {
  refund: Refund;
  history: RefundHistoryRow[];
  viewer?: 'buyer' | 'seller' | 'operator';
  actions: string[];
}

export type DisputeOutcome = 'refund_full' | 'refund_partial' | 'release';

export interface Dispute {
  id: string;
  refund_id: string;
  order_id: string;
  store_id: string;
  buyer_id: string;
  state: 'open' | 'decided' | 'withdrawn';
  outcome: DisputeOutcome | null;
  refund_amount_minor: number | null;
  currency: string;
  statement: string;
  decided_note: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface DisputeMessage {
  id: string;
  author_id: string;
  author_role: 'buyer' | 'seller' | 'operator';
  body: string;
  image_ids: string[];
  created_at: string;
}

export interface DisputeDetail {
  dispute: Dispute;
  refund?: Refund;
  messages: DisputeMessage[];
  history?: RefundHistoryRow[];
  viewer?: 'buyer' | 'seller' | 'operator';
  actions: string[];
}
