export type OrderState = 'placed' | 'paid' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'after_sale' | 'refunded';

export interface CartItemsTable {
  user_id: string;
  sku_id: string;
  quantity: number;
  /** The unit price when the buyer added it: a later change is shown, never silently charged. */
  price_seen_minor: number;
  /** Whether the line is ticked for the next checkout. */
  selected: number;
  added_at: string;
}

export interface AddressesTable {
  id: string;
  user_id: string;
  recipient: string;
  phone: string;
  country: string;
  region: string;
  city: string;
  line1: string;
  line2: string;
  postal_code: string;
  is_default: number;
  created_at: string;
  updated_at: string;
}

export type ShippingMode = 'flat' | 'weight';

export interface ShippingRulesTable {
  store_id: string;
  mode: ShippingMode;
  /** Flat: the fee per order. Weight: the fee for the first `first_weight_g`. */
  base_minor: number;
  first_weight_g: number;
  /** Weight: the fee for each further 1,000 g or part of it. */
  per_kg_minor: number;
  /** Orders whose goods come to at least this ship free; null: never free. */
  free_over_minor: number | null;
  updated_at: string;
}

export interface CheckoutsTable {
  id: string;
  buyer_id: string;
  idempotency_key: string;
  /** JSON: the orders this checkout made, one per store. */
  order_ids: string;
  created_at: string;
}

export interface OrdersTable {
  id: string;
  buyer_id: string;
  store_id: string;
  checkout_id: string;
  state: OrderState;
  state_version: number;
  currency: string;
  items_minor: number;
  shipping_minor: number;
  total_minor: number;
  /** What the platform keeps of the goods when escrow is released, locked at checkout. */
  commission_minor: number;
  refunded_minor: number;
  released_minor: number;
  payment_id: string | null;
  /** Where a refund goes back to: `wallet`, or `card:<provider>`. */
  paid_via: string | null;
  /** JSON: the address as it was at checkout. */
  address_json: string;
  buyer_note: string;
  carrier: string | null;
  tracking_number: string | null;
  /** Where an after-sale (refund) returns the order to if it does not close it. */
  resume_state: OrderState | null;
  placed_at: string;
  paid_at: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderItemsTable {
  order_id: string;
  position: number;
  sku_id: string;
  product_id: string;
  title: string;
  /** JSON: the option values, e.g. ["红", "M"]. */
  option_values: string;
  image_id: string | null;
  quantity: number;
  price_minor: number;
  line_minor: number;
  commission_rate_bp: number;
}

export interface CommissionRatesTable {
  /** A category id, or `default`. */
  category_id: string;
  rate_bp: number;
  updated_at: string;
}

export interface OrdersTables {
  cart_items: CartItemsTable;
  addresses: AddressesTable;
  shipping_rules: ShippingRulesTable;
  checkouts: CheckoutsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  commission_rates: CommissionRatesTable;
}
