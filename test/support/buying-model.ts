/**
 * A simple model of buying and escrow: what every balance must be after each operation, and
 * which operations must be refused. The property test (test/ledger-model-*.test.ts) runs random
 * operations against the real app and this model side by side.
 */
import type { RefundState } from '../../src/modules/aftersale/index.js';
import type { OrderState } from '../../src/modules/orders/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const COMMISSION_BP = 500;
export const PAYOUT_MINIMUM = 1000;

export type { OrderState, RefundState };

export interface ModelOrder {
  id: string;
  buyer: number;
  store: number;
  sku: number;
  quantity: number;
  total: number;
  commission: number;
  state: OrderState;
  refunded: number;
  released: number;
  paidVia: 'wallet' | 'card' | null;
  /** When the order entered its current state: its timers run from here. */
  since: number;
  resume: OrderState | null;
}

export interface ModelRefund {
  id: string;
  order: ModelOrder;
  kind: 'refund_only' | 'return_and_refund';
  amount: number;
  state: RefundState;
  since: number;
  dispute: { id: string; state: 'open' | 'decided' | 'withdrawn' } | null;
}

export interface ModelPayout {
  id: string;
  store: number;
  amount: number;
  fails: boolean;
  state: 'pending' | 'in_transit' | 'paid' | 'failed';
  callbackAt: number;
}

/** Adds to one slot of a list of balances. */
export function bump(list: number[], index: number, amount: number): void {
  list[index] = (list[index] ?? 0) + amount;
}

export class BuyingModel {
  now = 0;
  readonly wallets: number[];
  readonly held: number[];
  readonly available: number[];
  readonly stock: number[];
  commission = 0;
  /** Provider clearing: what card payments took in (negative) and payouts paid out (positive). */
  clearing = 0;
  inTransit = 0;
  readonly orders: ModelOrder[] = [];
  readonly refunds: ModelRefund[] = [];
  readonly payouts: ModelPayout[] = [];
  holds: { store: number; amount: number; at: number }[] = [];

  constructor(
    buyers: number,
    stores: number,
    stock: number[],
    readonly prices: number[],
    readonly skuStore: number[],
  ) {
    this.wallets = new Array(buyers).fill(0);
    this.held = new Array(stores).fill(0);
    this.available = new Array(stores).fill(0);
    this.stock = [...stock];
  }

  remaining(order: ModelOrder): number {
    return order.total - order.refunded - order.released;
  }

  escrowOf(order: ModelOrder): number {
    return order.paidVia ? this.remaining(order) : 0;
  }

  enter(order: ModelOrder, state: OrderState): void {
    order.state = state;
    order.since = this.now;
  }

  /** Escrow to the seller's held balance, less commission in proportion to what was not refunded. */
  release(order: ModelOrder): void {
    const remaining = this.remaining(order);
    if (remaining > 0) {
      const kept = order.total - order.refunded;
      const commission = Math.min(order.commission, Math.floor((order.commission * kept) / order.total));
      bump(this.held, order.store, remaining - commission);
      this.commission += commission;
      this.holds.push({ store: order.store, amount: remaining - commission, at: this.now + 3 * DAY });
    }
    order.released += Math.max(0, remaining);
    this.enter(order, 'completed');
  }

  refundToBuyer(order: ModelOrder, amount: number): void {
    if (amount <= 0) return;
    order.refunded += amount;
    if (order.paidVia === 'wallet') bump(this.wallets, order.buyer, amount);
    else this.clearing += amount;
  }

  cancelPaid(order: ModelOrder): void {
    this.refundToBuyer(order, this.remaining(order));
    bump(this.stock, order.sku, order.quantity);
    this.enter(order, 'refunded');
  }

  resumeOrder(order: ModelOrder): void {
    if (order.state === 'after_sale') this.enter(order, order.resume ?? 'shipped');
  }

  /** A refund reaches `refunded`: pay it, then move the order on. */
  payRefund(refund: ModelRefund, amount: number, settle: boolean): void {
    const order = refund.order;
    this.refundToBuyer(order, amount);
    refund.state = 'refunded';
    refund.since = this.now;
    if (this.remaining(order) === 0) this.enter(order, 'refunded');
    else if (settle) this.release(order);
    else this.resumeOrder(order);
  }

  closeRefund(refund: ModelRefund, state: 'closed' | 'withdrawn'): void {
    refund.state = state;
    refund.since = this.now;
    this.resumeOrder(refund.order);
  }

  /** Moves the clock and takes every timed transition that falls due, as the job runner does. */
  advance(ms: number): void {
    this.now += ms;
    const due = (since: number, after: number) => since + after <= this.now;
    for (const order of this.orders) {
      if (order.state === 'placed' && due(order.since, 30 * MINUTE)) {
        bump(this.stock, order.sku, order.quantity);
        this.enter(order, 'cancelled');
      } else if (order.state === 'shipped' && due(order.since, 15 * DAY)) this.release(order);
      else if (order.state === 'delivered' && due(order.since, 10 * DAY)) this.release(order);
    }
    for (const refund of this.refunds) {
      if (refund.state === 'requested' && due(refund.since, 48 * HOUR)) {
        if (refund.kind === 'refund_only') this.payRefund(refund, refund.amount, false);
        else {
          refund.state = 'awaiting_return';
          refund.since = this.now;
        }
      } else if (refund.state === 'awaiting_return' && due(refund.since, 7 * DAY)) this.closeRefund(refund, 'closed');
      else if (refund.state === 'return_shipped' && due(refund.since, 10 * DAY)) this.payRefund(refund, refund.amount, false);
      else if (refund.state === 'declined' && due(refund.since, 7 * DAY)) this.closeRefund(refund, 'closed');
    }
    const stillHeld: typeof this.holds = [];
    for (const hold of this.holds) {
      if (hold.at <= this.now) {
        bump(this.held, hold.store, -hold.amount);
        bump(this.available, hold.store, hold.amount);
      } else stillHeld.push(hold);
    }
    this.holds = stillHeld;
    for (const payout of this.payouts) {
      if (payout.state === 'in_transit' && payout.callbackAt <= this.now) {
        this.inTransit -= payout.amount;
        if (payout.fails) {
          payout.state = 'failed';
          bump(this.available, payout.store, payout.amount);
        } else {
          payout.state = 'paid';
          this.clearing += payout.amount;
        }
      }
    }
    // Payouts asked for before this pass are sent now; their callbacks come three seconds later.
    for (const payout of this.payouts) {
      if (payout.state === 'pending') {
        payout.state = 'in_transit';
        payout.callbackAt = this.now + 3000;
      }
    }
  }
}
