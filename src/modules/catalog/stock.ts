import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { checkGuard } from '../../kernel/db/guards.js';
import { preparedStatement } from '../../kernel/db/prepared.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { rebuildReadModel } from './read-model.js';
import * as repo from './repo.js';
import type { CatalogTables, StockReason } from './schema.js';

const tables = (db: Executor) => db as Kysely<CatalogTables>;

/**
 * Stock and sales as orders move them, in the order's transaction. Reserving is one update
 * per SKU under the database's own rule `skus_stock_nonnegative`, so concurrent checkouts can
 * never sell a unit twice on either database; SKUs are taken in id order so two checkouts
 * never wait on each other's rows in opposite orders.
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
    const now_ms = clock.now_ms();
    await repo.moveStock(tables(tx), {
      id: newId('adj', now_ms),
      sku_id: line.sku_id,
      delta: sign * line.quantity,
      reason,
      note,
      actor_id: actorId,
      created_at: new Date(now_ms).toISOString(),
    });
  }
}

/** The first of these lines whose SKU has fewer units than it asks for now, if any. */
export async function shortOf(db: Executor, lines: readonly Pick<StockLine, 'sku_id' | 'quantity'>[]): Promise<string | undefined> {
  if (lines.length === 0) return undefined;
  const rows = await tables(db)
    .selectFrom('skus')
    .select(['id', 'stock'])
    .where(
      'id',
      'in',
      lines.map((line) => line.sku_id),
    )
    .execute();
  const stock = new Map(rows.map((row) => [row.id, Number(row.stock)]));
  return lines.find((line) => (stock.get(line.sku_id) ?? 0) < line.quantity)?.sku_id;
}

export function skusWithProducts(db: Executor, skuIds: readonly string[]) {
  return repo.skusWithProducts(tables(db), skuIds);
}

/** The query of `skusWithProducts` (at least one SKU), to read beside others in one exchange. */
export function skusWithProductsCompiled(db: Executor, skuIds: readonly string[]) {
  return repo.skusWithProductsCompiled(tables(db), skuIds);
}

/**
 * Orders move stock and sales many times a second on a popular product. The product's own
 * counters (`stock_total`, `sold_count`) move in the order's transaction, which also marks the
 * product's read model stale; its page, card and search document are rebuilt afterwards by
 * the sweep (`refreshStaleProducts`), at most every READ_MODEL_REFRESH_DELAY_MS: a page may
 * show a count half a second old, while the SKU's guarded stock, which decides every sale, is
 * always exact. The flag is on the row the sale writes anyway, so a sale takes no other lock
 * (decision 0011).
 */
export const READ_MODEL_REFRESH_DELAY_MS = 500;
const STALE_BATCH = 50;
const STALE_BATCHES_PER_SWEEP = 10;

const addToStockTotal = preparedStatement(
  'update "products" set "stock_total" = "stock_total" + ?, "read_model_stale" = 1 where "id" = ?',
  { blind: true },
);

async function shiftTotals(tx: Executor, lines: readonly StockLine[], sign: 1 | -1): Promise<void> {
  for (const [productId, quantity] of [...byProduct(lines)].sort()) await addToStockTotal(tx, sign * quantity, productId);
}

/**
 * Rebuilds the read model of products an order marked stale, one transaction each. The
 * product's row is locked first (PostgreSQL; SQLite has one writer): a sale that moved it and
 * has not committed is waited for and then seen, and a sale after this one marks it again.
 * Returns how many it rebuilt.
 */
export async function refreshStaleProducts(db: Executor): Promise<number> {
  let rebuilt = 0;
  let after = '';
  // Batch after batch in id order (a product marked again meanwhile waits for the next sweep),
  // but not without end: the runner has timers to run too.
  for (let batch = 0; batch < STALE_BATCHES_PER_SWEEP; batch += 1) {
    const stale = await repo.staleProducts(tables(db), after, STALE_BATCH);
    after = stale.at(-1) ?? after;
    for (const productId of stale) {
      const done = await tables(db)
        .transaction()
        .execute(async (tx) => {
          if (!(await repo.lockStaleProduct(tx, productId))) return false;
          await rebuildReadModel(tx, productId);
          return true;
        });
      if (done) rebuilt += 1;
    }
    if (stale.length < STALE_BATCH) break;
  }
  return rebuilt;
}

checkGuard('skus_stock_nonnegative', () => new AppError('out_of_stock'));

/**
 * Takes the units out of stock for an order. A SKU that is short fails the order's
 * transaction with `out_of_stock`, here on SQLite and at its next statement waited for or its
 * commit on PostgreSQL; `shortOf` names the SKU afterwards.
 */
export async function reserveStock(tx: Executor, clock: Clock, lines: readonly StockLine[], orderId: string, actorId: string) {
  await shift(tx, clock, lines, -1, 'sale', orderId, actorId);
  await shiftTotals(tx, lines, -1);
}

/** Puts an order's units back (cancelled or expired unpaid, or cancelled before shipment). */
export async function releaseStock(tx: Executor, clock: Clock, lines: readonly StockLine[], orderId: string, actorId: string) {
  await shift(tx, clock, lines, 1, 'return', orderId, actorId);
  await shiftTotals(tx, lines, 1);
}

/** Counts a paid order's units as sold: the product's sales figure, and (soon) its place in search. */
export async function recordSales(tx: Executor, lines: readonly StockLine[], sign: 1 | -1 = 1) {
  for (const [productId, quantity] of [...byProduct(lines)].sort()) await repo.shiftSoldCount(tables(tx), productId, sign * quantity);
}
