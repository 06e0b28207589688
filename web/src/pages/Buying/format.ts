import type { OrderState, RefundState } from '../../api/buying-types.js';

/** The address of an image variant by its id (the layout the server stores public images under). */
export function imageUrl(imageId: string, variant: 'thumb' | 'medium' | 'large' = 'thumb'): string {
  return `/media/img/${encodeURIComponent(imageId)}/${variant}.webp`;
}

const ORDER_TONES: Record<OrderState, string> = {
  placed: 'badge--warning',
  paid: 'badge--accent',
  shipped: 'badge--accent',
  delivered: 'badge--accent',
  completed: 'badge--success',
  cancelled: 'badge--muted',
  after_sale: 'badge--danger',
  refunded: 'badge--muted',
};

export function orderTone(state: string): string {
  return ORDER_TONES[state as OrderState] ?? 'badge--muted';
}

const REFUND_TONES: Record<RefundState, string> = {
  requested: 'badge--warning',
  awaiting_return: 'badge--accent',
  return_shipped: 'badge--accent',
  refunded: 'badge--success',
  declined: 'badge--danger',
  withdrawn: 'badge--muted',
  disputed: 'badge--danger',
  closed: 'badge--muted',
};

export function refundTone(state: string): string {
  return REFUND_TONES[state as RefundState] ?? 'badge--muted';
}

/** The tail of an id, enough to tell orders apart on a list: ord_01JD…7KQ2 → 7KQ2X9AB. */
export function shortId(id: string): string {
  return id.slice(-8).toUpperCase();
}

/** Sums amounts by currency, e.g. the totals of several orders. */
export function sumByCurrency(rows: readonly { currency: string; amount_minor: number }[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.currency, (totals.get(row.currency) ?? 0) + row.amount_minor);
  return [...totals];
}
