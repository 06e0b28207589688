import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { preparedStatement } from '../../kernel/db/prepared.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { enqueue } from '../../kernel/jobs.js';
import { rebuildReadModel } from './read-model.js';
import * as repo from './repo.js';
import type { CatalogTables, StockReason } from './schema.js';

const tables = (db: Executor) => db as Kysely<CatalogTables>;

/**
 * Stock and sales as orders move them, in the order's transaction. Reserving is one
 * conditional update per SKU (`stock - n >= 0`), so concurrent checkouts can never sell a unit
 * twice on either database; SKUs are taken in id order so two checkouts never wait on each
 * other's rows in opposite orders.
 */
export interface StockLine {
  sku_id: string;
  product_id: string;
  quantity: number;
}

function byProduct(lines: readonly StockLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.product_id, (totals.get(line.product_id) ?? 0) + line.quantity);
  return totals;
}

async function shift(
  tx: Executor,
  clock: Clock,
  lines: readonly StockLine[],
  sign: 1 | -1,
  reason: StockReason,
  note: string,
  actorId: string,
) {
  const sorted = [...lines].sort((a, b) => (a.sku_id < b.sku_id ? -1 : a.sku_id > b.sku_id ? 1 : 0));
  for (const line of sorted) {
    const stock = await repo.shiftStock(tables(tx), line.sku_id, line.product_id, sign * line.quantity);
    if (stock === undefined) throw new AppError('out_of_stock', { param: line.sku_id });
    const now_ms = clock.now_ms();
    await repo.insertAdjustment(tables(tx), {
      id: newId('adj', now_ms),
      sku_id: line.sku_id,
      product_id: line.product_id,
      delta: sign * line.quantity,
      stock_after: stock,
      reason,
      note,
      actor_id: actorId,
      created_at: new Date(now_ms).toISOString(),
    });
  }
}

export function skusWithProducts(db: Executor, skuIds: readonly string[]) {
  return repo.skusWithProducts(tables(db), skuIds);
}

/**
 * Orders move stock and sales many times a second on a popular product. The product's own
 * counters (`stock_total`, `sold_count`) move in the order's transaction; its page, card and
 * search document are rebuilt afterwards by one job per product, which gathers the changes of
 * READ_MODEL_REFRESH_DELAY_MS: a page may show a count half a second old, while the SKU's
 * guarded stock, which decides every sale, is always exact.
 */
export const READ_MODEL_REFRESH_JOB = 'catalog.refresh-read-model';
export const READ_MODEL_REFRESH_DELAY_MS = 500;

/**
 * Queues the product's refresh, one per product however many sales ask for it. When one is
 * already queued its row is held until this transaction ends (`hold`): the runner cannot
 * start it before this sale is visible, and a refresh already running has taken its row
 * away, so this sale queues the next. Called before the product's own row is written (a
 * running refresh writes that row while it holds its job's), product by product in id order.
 */
async function refreshLater(tx: Executor, clock: Clock, productId: string): Promise<void> {
  await enqueue(tx, clock, {
    kind: READ_MODEL_REFRESH_JOB,
    payload: { product_id: productId },
    run_at_ms: clock.now_ms() + READ_MODEL_REFRESH_DELAY_MS,
    dedupe_key: `${READ_MODEL_REFRESH_JOB}:${productId}`,
    hold: true,
  });
}

/** The refresh job's work: the product's page, card and search document from its rows as they are now. */
export async function refreshReadModel(tx: Executor, productId: string): Promise<void> {
  await rebuildReadModel(tx, productId);
}

const addToStockTotal = preparedStatement('update "products" set "stock_total" = "stock_total" + ? where "id" = ?', { blind: true });

async function shiftTotals(tx: Executor, clock: Clock, lines: readonly StockLine[], sign: 1 | -1): Promise<void> {
  for (const [productId, quantity] of [...byProduct(lines)].sort()) {
    await refreshLater(tx, clock, productId);
    await addToStockTotal(tx, sign * quantity, productId);
  }
}

/** Takes the units out of stock for an order; `out_of_stock` (param: the SKU) if any is short. */
export async function reserveStock(tx: Executor, clock: Clock, lines: readonly StockLine[], orderId: string, actorId: string) {
  await shift(tx, clock, lines, -1, 'sale', orderId, actorId);
  await shiftTotals(tx, clock, lines, -1);
}

/** Puts an order's units back (cancelled or expired unpaid, or cancelled before shipment). */
export async function releaseStock(tx: Executor, clock: Clock, lines: readonly StockLine[], orderId: string, actorId: string) {
  await shift(tx, clock, lines, 1, 'return', orderId, actorId);
  await shiftTotals(tx, clock, lines, 1);
}

/** Counts a paid order's units as sold: the product's sales figure, and (soon) its place in search. */
export async function recordSales(tx: Executor, clock: Clock, lines: readonly StockLine[], sign: 1 | -1 = 1) {
  for (const [productId, quantity] of [...byProduct(lines)].sort()) {
    await refreshLater(tx, clock, productId);
    await repo.shiftSoldCount(tables(tx), productId, sign * quantity);
  }
}
