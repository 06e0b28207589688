/**
 * The orders module's public API: carts, address books, stores' shipping rules, checkout
 * (one order per store, stock reserved atomically), the order lifecycle and its escrow
 * release, and the commission rates operators set.
 */
import type { Executor } from '../../kernel/db/database.js';
import { escrowBalances, type Problem } from '../ledger/index.js';
import { up } from './migrations/2026112413_orders_initial.js';
import { tables } from './service.js';

export { addAddress } from './addresses.js';
export { addToCart, viewCart } from './cart.js';
export type { CheckoutInput } from './checkout.js';
export { checkout } from './checkout.js';
export { ordersHttp, ParcelBody, presentOrder, viewerRole } from './http.js';
export { forgetStore, shippingFee } from './pricing.js';
export type { OrderSettings, PayInput, ShipInput } from './process.js';
export {
  commissionOnRelease,
  configureOrders,
  escrowRemaining,
  HOLD_RELEASE_JOB,
  orderProcess,
  orderSettings,
  refundAccount,
  refundFromEscrow,
  releaseHold,
} from './process.js';
export type { OrderState, OrdersTable } from './schema.js';
export type { OrdersContext } from './service.js';
export { findOrder, itemsOfOrder, lockOrdersWithItems, ordersByIds } from './service.js';

export const ordersMigrations = { '2026112413_orders_initial': { up } };

/**
 * For `jishi ledger verify`: each order's escrow account holds exactly what was paid for it
 * and neither refunded nor released, and an order nobody has paid holds nothing.
 */
export async function escrowMatchesOrders(db: Executor): Promise<Problem[]> {
  const balances = await escrowBalances(db);
  const problems: Problem[] = [];
  const rows = await tables(db)
    .selectFrom('orders')
    .select(['id', 'state', 'total_minor', 'refunded_minor', 'released_minor', 'paid_at'])
    .where('paid_at', 'is not', null)
    .execute();
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(row.id);
    const expected = row.paid_at ? row.total_minor - row.refunded_minor - row.released_minor : 0;
    const held = balances.get(row.id)?.balance ?? 0;
    if (held !== expected)
      problems.push({
        check: 'escrow_matches_orders',
        detail: `order ${row.id} (${row.state}) has ${held} in escrow, expected ${expected}`,
      });
  }
  for (const [orderId, balance] of balances) {
    if (!seen.has(orderId) && balance.balance !== 0)
      problems.push({ check: 'escrow_matches_orders', detail: `escrow for an order never paid, ${orderId} holds ${balance.balance}` });
  }
  return problems;
}
