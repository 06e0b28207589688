import type { Executor } from '../../kernel/db/database.js';
import { insertRow, insertRows, preparedQuery, readTogether } from '../../kernel/db/prepared.js';
import { AppError } from '../../kernel/errors.js';
import { emit } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { cleanLine } from '../../kernel/text.js';
import { reserveStock, shortOf, type skusWithProducts, skusWithProductsCompiled } from '../catalog/index.js';
import { presentAddress } from './addresses.js';
import { firstImage } from './cart.js';
import { commissionRates, shippingFee, shippingRuleOf, storeOf } from './pricing.js';
import { orderProcess } from './process.js';
import type { AddressesTable, OrderItemsTable, OrdersTable } from './schema.js';
import { DEFAULT_COMMISSION_BP, type OrdersContext, ordersByIds, tables } from './service.js';

export interface CheckoutInput {
  address_id: string;
  /** Buy these now instead of the cart's selected lines. */
  items?: { sku_id: string; quantity: number; price_minor: number }[] | undefined;
  note?: string | undefined;
}

export interface CheckoutResult {
  id: string;
  orders: OrdersTable[];
}

interface Line {
  sku_id: string;
  quantity: number;
  price_seen_minor: number;
}

async function linesFor(tx: Executor, buyerId: string, input: CheckoutInput): Promise<{ lines: Line[]; fromCart: boolean }> {
  if (input.items)
    return {
      lines: input.items.map((item) => ({ sku_id: item.sku_id, quantity: item.quantity, price_seen_minor: item.price_minor })),
      fromCart: false,
    };
  const rows = await tables(tx)
    .selectFrom('cart_items')
    .selectAll()
    .where('user_id', '=', buyerId)
    .where('selected', '=', 1)
    .orderBy('added_at')
    .execute();
  return {
    lines: rows.map((row) => ({ sku_id: row.sku_id, quantity: row.quantity, price_seen_minor: row.price_seen_minor })),
    fromCart: true,
  };
}

/**
 * Turns the cart (or an explicit list) into one order per store, in one transaction: prices
 * checked against what the buyer saw, the store ships to the address, stock reserved with a
 * guarded update per SKU, shipping by the store's rule, commission locked per line. A
 * checkout is keyed by the buyer's Idempotency-Key, so a retry after a lost response (or a
 * crash) returns the same orders instead of making new ones.
 */
export async function checkout(
  context: OrdersContext,
  buyerId: string,
  idempotencyKey: string,
  input: CheckoutInput,
  /** Runs in the checkout's transaction with what it made (the HTTP layer stores its response there). */
  inside?: (tx: Executor, made: CheckoutResult) => Promise<void>,
): Promise<CheckoutResult> {
  try {
    return await tables(context.db)
      .transaction()
      .execute(async (tx) => {
        const made = await placeOrders(context, tx, buyerId, idempotencyKey, input);
        await inside?.(tx, made);
        return made;
      });
  } catch (error) {
    // The key is unique per buyer: this checkout was made before (its answer was lost), or
    // a duplicate committed first. Either way, answer with what that one made.
    const raced = await findCheckout(context.db, buyerId, idempotencyKey);
    if (raced) return raced;
    if (error instanceof AppError && error.code === 'out_of_stock' && error.param === undefined) {
      // The database refused a SKU's stock (reserveStock); say which SKU is short now.
      const { lines } = await linesFor(context.db, buyerId, input);
      throw new AppError('out_of_stock', {
        param: await shortOf(
          context.db,
          lines.map((line) => ({ sku_id: line.sku_id, quantity: line.quantity })),
        ),
      });
    }
    throw error;
  }
}

async function findCheckout(db: Executor, buyerId: string, key: string) {
  const row = await tables(db)
    .selectFrom('checkouts')
    .selectAll()
    .where('buyer_id', '=', buyerId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, orders: await ordersByIds(db, JSON.parse(row.order_ids) as string[]) };
}

type SkuRow = Awaited<ReturnType<typeof skusWithProducts>>[number];

function checkLines(lines: readonly Line[], skus: Map<string, SkuRow>): void {
  for (const line of lines) {
    const sku = skus.get(line.sku_id);
    if (!sku) throw new AppError('invalid_reference', { param: line.sku_id, message: 'No such SKU.' });
    if (sku.status !== 'active') throw new AppError('not_for_sale', { param: line.sku_id });
    if (sku.price_minor !== line.price_seen_minor) throw new AppError('price_changed', { param: line.sku_id });
  }
}

const findAddress = preparedQuery<[string, string], AddressesTable>('orders.address', (db, id, userId) =>
  tables(db).selectFrom('addresses').selectAll().where('id', '=', id).where('user_id', '=', userId),
);

async function placeOrders(context: OrdersContext, tx: Executor, buyerId: string, key: string, input: CheckoutInput) {
  const { lines, fromCart } = await linesFor(tx, buyerId, input);
  // Nothing to read for an empty cart. The SKUs and the address do not depend on each other: one exchange for both.
  if (lines.length === 0) throw new AppError('cart_empty');
  const [skuRows, addressRows] = await readTogether(tx, [
    skusWithProductsCompiled(
      tx,
      lines.map((line) => line.sku_id),
    ),
    findAddress.compiled(tx, input.address_id, buyerId),
  ]);
  const skus = new Map((skuRows as SkuRow[]).map((sku) => [sku.sku_id, sku]));
  checkLines(lines, skus);
  const address = (addressRows as AddressesTable[])[0];
  if (!address) throw new AppError('invalid_reference', { param: 'address_id', message: 'No such address in your address book.' });
  const byStore = new Map<string, Line[]>();
  for (const line of lines) {
    const storeId = skus.get(line.sku_id)?.store_id ?? '';
    byStore.set(storeId, [...(byStore.get(storeId) ?? []), line]);
  }
  const stores = new Map<string, Awaited<ReturnType<typeof storeOf>>>();
  for (const storeId of byStore.keys()) stores.set(storeId, await storeOf(tx, storeId));
  const rates = await commissionRates(tx);
  const checkoutId = newId('chk', context.clock.now_ms());
  const orders: OrdersTable[] = [];
  for (const [storeId, storeLines] of byStore) {
    const store = stores.get(storeId);
    if (!store) throw new AppError('invalid_reference', { param: storeId });
    if (!(JSON.parse(store.ships_to) as string[]).includes(address.country)) throw new AppError('does_not_ship_there', { param: storeId });
    orders.push(
      await placeOrder(context, tx, { buyerId, checkoutId, storeId, lines: storeLines, skus, rates, address, note: input.note ?? '' }),
    );
  }
  if (fromCart) {
    await tables(tx)
      .deleteFrom('cart_items')
      .where('user_id', '=', buyerId)
      .where(
        'sku_id',
        'in',
        lines.map((line) => line.sku_id),
      )
      .execute();
  }
  await insertRow(
    tx,
    'checkouts',
    {
      id: checkoutId,
      buyer_id: buyerId,
      idempotency_key: key,
      order_ids: JSON.stringify(orders.map((order) => order.id)),
      created_at: context.clock.nowIso(),
    },
    '',
    { blind: true },
  );
  return { id: checkoutId, orders };
}

interface PlaceOrderInput {
  buyerId: string;
  checkoutId: string;
  storeId: string;
  lines: Line[];
  skus: Map<string, SkuRow>;
  rates: Map<string, number>;
  address: AddressesTable;
  note: string;
}

async function placeOrder(context: OrdersContext, tx: Executor, input: PlaceOrderInput): Promise<OrdersTable> {
  const now_ms = context.clock.now_ms();
  const now = new Date(now_ms).toISOString();
  const orderId = newId('ord', now_ms);
  const defaultRate = input.rates.get('default') ?? DEFAULT_COMMISSION_BP;
  const items: OrderItemsTable[] = input.lines.map((line, position) => {
    const sku = input.skus.get(line.sku_id) as SkuRow;
    return {
      order_id: orderId,
      position,
      sku_id: sku.sku_id,
      product_id: sku.product_id,
      title: sku.title,
      option_values: sku.option_values,
      image_id: firstImage(sku.image_ids),
      quantity: line.quantity,
      price_minor: sku.price_minor,
      line_minor: sku.price_minor * line.quantity,
      commission_rate_bp: input.rates.get(sku.category_id) ?? defaultRate,
    };
  });
  const items_minor = items.reduce((total, item) => total + item.line_minor, 0);
  const weight_g = input.lines.reduce((total, line) => total + (input.skus.get(line.sku_id)?.weight_g ?? 0) * line.quantity, 0);
  const shipping_minor = shippingFee(await shippingRuleOf(tx, input.storeId), items_minor, weight_g);
  const currency = (input.skus.get(input.lines[0]?.sku_id ?? '') as SkuRow).currency;
  const order: OrdersTable = {
    id: orderId,
    buyer_id: input.buyerId,
    store_id: input.storeId,
    checkout_id: input.checkoutId,
    state: 'placed',
    state_version: 0,
    currency,
    items_minor,
    shipping_minor,
    total_minor: items_minor + shipping_minor,
    commission_minor: items.reduce((total, item) => total + Math.floor((item.line_minor * item.commission_rate_bp) / 10_000), 0),
    refunded_minor: 0,
    released_minor: 0,
    payment_id: null,
    paid_via: null,
    address_json: JSON.stringify(presentAddress(input.address)),
    buyer_note: cleanLine(input.note).slice(0, 500),
    carrier: null,
    tracking_number: null,
    resume_state: null,
    placed_at: now,
    paid_at: null,
    shipped_at: null,
    delivered_at: null,
    completed_at: null,
    cancelled_at: null,
    created_at: now,
    updated_at: now,
  };
  await insertRow(tx, 'orders', order, '', { blind: true });
  await insertRows(tx, 'order_items', items, '', { blind: true });
  await reserveStock(
    tx,
    context.clock,
    items.map((item) => ({ sku_id: item.sku_id, product_id: item.product_id, quantity: item.quantity })),
    orderId,
    input.buyerId,
  );
  await orderProcess.enter(tx, context.clock, order);
  await emit(tx, context.clock, 'order.placed', orderId, { store_id: input.storeId, buyer_id: input.buyerId });
  return order;
}
