import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { emit } from '../../kernel/events.js';
import { defineProcess, type TransitionContext } from '../../kernel/fsm.js';
import { enqueue } from '../../kernel/jobs.js';
import { recordSales, releaseStock } from '../catalog/index.js';
import { account, post } from '../ledger/index.js';
import type { OrderItemsTable, OrderState, OrdersTable, OrdersTables } from './schema.js';
import { itemsOfOrder } from './service.js';

/**
 * The order's lifecycle (see README): placed → paid → shipped → delivered → completed, with
 * cancellation before payment (by either side, or by the system when the payment window
 * closes), cancellation with a full refund before shipment, and the after-sale state a refund
 * request holds the order in. Escrow is released to the seller, minus the platform's
 * commission, when the order completes: by the buyer, or by the system after a delay.
 */
export interface OrderSettings {
  paymentTimeout_ms: number;
  autoConfirmAfterDelivery_ms: number;
  autoConfirmAfterShipment_ms: number;
  sellerHold_ms: number;
}

const DAY_MS = 86_400_000;
export const orderSettings: OrderSettings = {
  paymentTimeout_ms: 30 * 60_000,
  autoConfirmAfterDelivery_ms: 10 * DAY_MS,
  autoConfirmAfterShipment_ms: 15 * DAY_MS,
  sellerHold_ms: 3 * DAY_MS,
};

export function configureOrders(settings: Partial<OrderSettings>): void {
  Object.assign(orderSettings, settings);
}

const tables = (db: Executor) => db as Kysely<OrdersTables>;
type Context = TransitionContext<OrderState, OrdersTable, unknown>;

function stockLines(items: readonly OrderItemsTable[]) {
  return items.map((item) => ({ sku_id: item.sku_id, product_id: item.product_id, quantity: item.quantity }));
}

/** The account a refund goes back to: the buyer's wallet, or the card provider's clearing. */
export function refundAccount(order: Pick<OrdersTable, 'paid_via' | 'buyer_id' | 'currency'>) {
  const via = order.paid_via ?? 'wallet';
  return via === 'wallet'
    ? account.buyerWallet(order.buyer_id, order.currency)
    : account.clearing(via.slice('card:'.length), order.currency);
}

/** What escrow still holds for the order: paid, and neither refunded nor released. */
export function escrowRemaining(order: Pick<OrdersTable, 'total_minor' | 'refunded_minor' | 'released_minor'>): number {
  return order.total_minor - order.refunded_minor - order.released_minor;
}

/**
 * Pays `amount_minor` of the order's escrow back the way the order was paid, in the caller's
 * transaction: never more than escrow still holds (the ledger's guard refuses it too).
 */
export async function refundFromEscrow(
  tx: Executor,
  clock: Clock,
  order: OrdersTable,
  refund: { amount_minor: number; reference_id: string; memo: string },
): Promise<OrdersTable> {
  if (refund.amount_minor <= 0) return order;
  if (refund.amount_minor > escrowRemaining(order)) throw new AppError('amount_too_large', { param: 'amount_minor' });
  await post(tx, clock, {
    kind: 'refund',
    reference_id: refund.reference_id,
    memo: refund.memo,
    postings: [
      { account: account.escrow(order.id, order.currency), amount_minor: -refund.amount_minor },
      { account: refundAccount(order), amount_minor: refund.amount_minor },
    ],
  });
  const refunded_minor = order.refunded_minor + refund.amount_minor;
  await tables(tx).updateTable('orders').set({ refunded_minor }).where('id', '=', order.id).execute();
  await emit(tx, clock, 'order.refunded', order.id, {
    amount_minor: refund.amount_minor,
    currency: order.currency,
    paid_via: order.paid_via,
  });
  return { ...order, refunded_minor };
}

/** Returns what escrow still holds for the order to the buyer: the whole order is refunded. */
async function refundRemaining(context: Context): Promise<void> {
  const after = await refundFromEscrow(context.tx, context.clock, context.subject, {
    amount_minor: escrowRemaining(context.subject),
    reference_id: context.subject.id,
    memo: 'order cancelled before shipment',
  });
  Object.assign(context.subject, { refunded_minor: after.refunded_minor });
}

/** Commission on what is released, in proportion to what was not refunded, never more than locked. */
export function commissionOnRelease(order: Pick<OrdersTable, 'total_minor' | 'refunded_minor' | 'commission_minor'>): number {
  const remaining = order.total_minor - order.refunded_minor;
  if (remaining <= 0 || order.total_minor <= 0) return 0;
  return Math.min(order.commission_minor, Math.floor((order.commission_minor * remaining) / order.total_minor));
}

export const HOLD_RELEASE_JOB = 'orders.hold-release';

/** Escrow to the seller (held for the hold period) and the commission to the platform. */
async function releaseEscrow(context: Context): Promise<void> {
  const order = context.subject;
  const remaining = escrowRemaining(order);
  const now = context.clock.nowIso();
  if (remaining > 0) {
    const commission = commissionOnRelease(order);
    const postings = [
      { account: account.escrow(order.id, order.currency), amount_minor: -remaining },
      { account: account.sellerHeld(order.store_id, order.currency), amount_minor: remaining - commission },
    ];
    if (commission > 0) postings.push({ account: account.commission(order.currency), amount_minor: commission });
    await post(context.tx, context.clock, {
      kind: 'escrow_release',
      reference_id: order.id,
      memo: context.from === 'after_sale' ? 'dispute decided' : 'receipt confirmed',
      postings,
    });
    await enqueue(context.tx, context.clock, {
      kind: HOLD_RELEASE_JOB,
      payload: { order_id: order.id, store_id: order.store_id, currency: order.currency, amount_minor: remaining - commission },
      run_at_ms: context.clock.now_ms() + orderSettings.sellerHold_ms,
    });
  }
  context.stamp({ released_minor: order.released_minor + Math.max(0, remaining), completed_at: now });
  await emit(context.tx, context.clock, 'order.completed', order.id, { store_id: order.store_id, released_minor: remaining });
}

async function cancelUnpaid(context: Context): Promise<void> {
  await releaseStock(
    context.tx,
    context.clock,
    stockLines(await itemsOfOrder(context.tx, context.subject.id)),
    context.subject.id,
    context.actor.id,
  );
  context.stamp({ cancelled_at: context.clock.nowIso() });
  await emit(context.tx, context.clock, 'order.cancelled', context.subject.id, { by: context.actor.type });
}

async function cancelPaid(context: Context): Promise<void> {
  const items = await itemsOfOrder(context.tx, context.subject.id);
  await refundRemaining(context);
  await releaseStock(context.tx, context.clock, stockLines(items), context.subject.id, context.actor.id);
  await recordSales(context.tx, stockLines(items), -1);
  context.stamp({ cancelled_at: context.clock.nowIso() });
}

/** How the order was paid: the payment, and `wallet` or `card:<provider>` (where refunds go back). */
export interface PayInput {
  payment_id: string;
  paid_via: string;
  /** The order's lines, when the caller read them already (`lockOrdersWithItems`). */
  items?: readonly OrderItemsTable[] | undefined;
}

/** A parcel handed to a carrier: the order's shipment, or a buyer's return. */
export interface ShipInput {
  carrier: string;
  tracking_number: string;
}

export const orderProcess = defineProcess<OrderState, OrdersTable>({
  name: 'order',
  table: 'orders',
  states: ['placed', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'after_sale', 'refunded'],
  initial: 'placed',
  final: ['completed', 'cancelled', 'refunded'],
  transitions: [
    {
      name: 'pay',
      from: ['placed'],
      to: 'paid',
      actors: ['system'],
      stamps: (context) => {
        const payment = context.input as PayInput;
        return { payment_id: payment.payment_id, paid_via: payment.paid_via, paid_at: context.clock.nowIso() };
      },
      action: async (context) => {
        const items = (context.input as PayInput).items ?? (await itemsOfOrder(context.tx, context.subject.id));
        await recordSales(context.tx, stockLines(items));
        await emit(context.tx, context.clock, 'order.paid', context.subject.id, { store_id: context.subject.store_id });
      },
    },
    { name: 'cancel', from: ['placed'], to: 'cancelled', actors: ['buyer', 'seller', 'operator'], action: cancelUnpaid },
    {
      name: 'expire',
      from: ['placed'],
      to: 'cancelled',
      actors: ['system'],
      after_ms: () => orderSettings.paymentTimeout_ms,
      action: cancelUnpaid,
    },
    { name: 'cancel_and_refund', from: ['paid'], to: 'refunded', actors: ['buyer', 'seller', 'operator'], action: cancelPaid },
    {
      name: 'ship',
      from: ['paid'],
      to: 'shipped',
      actors: ['seller'],
      stamps: (context) => {
        const input = context.input as ShipInput;
        return { carrier: input.carrier, tracking_number: input.tracking_number, shipped_at: context.clock.nowIso() };
      },
      action: async (context) => {
        await emit(context.tx, context.clock, 'order.shipped', context.subject.id, { buyer_id: context.subject.buyer_id });
      },
    },
    {
      name: 'deliver',
      from: ['shipped'],
      to: 'delivered',
      actors: ['system', 'operator'],
      stamps: (context) => ({ delivered_at: context.clock.nowIso() }),
    },
    { name: 'confirm_receipt', from: ['shipped', 'delivered'], to: 'completed', actors: ['buyer'], action: releaseEscrow },
    {
      name: 'auto_confirm',
      from: ['delivered'],
      to: 'completed',
      actors: ['system'],
      after_ms: () => orderSettings.autoConfirmAfterDelivery_ms,
      action: releaseEscrow,
    },
    {
      name: 'auto_confirm_undelivered',
      from: ['shipped'],
      to: 'completed',
      actors: ['system'],
      after_ms: () => orderSettings.autoConfirmAfterShipment_ms,
      action: releaseEscrow,
    },
    // A refund request holds the order here; the refund's outcome moves it on.
    {
      name: 'open_after_sale',
      from: ['paid', 'shipped', 'delivered'],
      to: 'after_sale',
      actors: ['system'],
      stamps: (context) => ({ resume_state: context.from }),
    },
    { name: 'resume_paid', from: ['after_sale'], to: 'paid', actors: ['system'] },
    { name: 'resume_shipped', from: ['after_sale'], to: 'shipped', actors: ['system'] },
    { name: 'resume_delivered', from: ['after_sale'], to: 'delivered', actors: ['system'] },
    { name: 'close_refunded', from: ['after_sale'], to: 'refunded', actors: ['system'] },
    // An operator's dispute decision ends the order: what escrow still holds goes to the seller.
    { name: 'settle_after_dispute', from: ['after_sale'], to: 'completed', actors: ['system'], action: releaseEscrow },
  ],
});

/** Moves a released amount from held to available once the hold period is over. */
export async function releaseHold(tx: Executor, clock: Clock, payload: unknown): Promise<void> {
  const hold = payload as { order_id: string; store_id: string; currency: string; amount_minor: number };
  if (hold.amount_minor <= 0) return;
  await post(tx, clock, {
    kind: 'hold_release',
    reference_id: hold.order_id,
    memo: 'hold period over',
    postings: [
      { account: account.sellerHeld(hold.store_id, hold.currency), amount_minor: -hold.amount_minor },
      { account: account.sellerAvailable(hold.store_id, hold.currency), amount_minor: hold.amount_minor },
    ],
  });
}
