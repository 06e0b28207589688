import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { emit } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { cleanLine } from '../../kernel/text.js';
import { reserveStock, skusWithProducts } from '../catalog/index.js';
import { isCountry, storesByIds } from '../stores/index.js';
import { orderProcess } from './process.js';
import type { AddressesTable, OrderItemsTable, OrdersTable, OrdersTables, ShippingRulesTable } from './schema.js';

export interface OrdersContext {
  db: Executor;
  clock: Clock;
}

export const tables = (db: Executor) => db as Kysely<OrdersTables>;

export const MAX_CART_LINES = 100;
export const MAX_QUANTITY = 999;
export const MAX_ADDRESSES = 20;
export const DEFAULT_COMMISSION_BP = 500;

// --- cart ------------------------------------------------------------------------------

export async function addToCart(context: OrdersContext, userId: string, skuId: string, quantity: number): Promise<void> {
  const [sku] = await skusWithProducts(context.db, [skuId]);
  if (!sku) throw new AppError('invalid_reference', { param: 'sku_id', message: 'No such SKU.' });
  if (sku.status !== 'active') throw new AppError('not_for_sale', { param: 'sku_id' });
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const existing = await tx
        .selectFrom('cart_items')
        .select('quantity')
        .where('user_id', '=', userId)
        .where('sku_id', '=', skuId)
        .executeTakeFirst();
      const total = Math.min(MAX_QUANTITY, (existing?.quantity ?? 0) + quantity);
      if (existing) {
        await tx
          .updateTable('cart_items')
          .set({ quantity: total, price_seen_minor: sku.price_minor, selected: 1 })
          .where('user_id', '=', userId)
          .where('sku_id', '=', skuId)
          .execute();
        return;
      }
      const count = await tx
        .selectFrom('cart_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_CART_LINES)
        throw new AppError('validation_failed', { param: 'sku_id', message: `A cart holds at most ${MAX_CART_LINES} lines.` });
      await tx
        .insertInto('cart_items')
        .values({
          user_id: userId,
          sku_id: skuId,
          quantity: total,
          price_seen_minor: sku.price_minor,
          selected: 1,
          added_at: context.clock.nowIso(),
        })
        .execute();
    });
}

/** Changes a line's quantity or selection; taking the current price acknowledges a price change. */
export async function updateCartLine(
  context: OrdersContext,
  userId: string,
  skuId: string,
  changes: { quantity?: number | undefined; selected?: boolean | undefined },
): Promise<void> {
  const [sku] = await skusWithProducts(context.db, [skuId]);
  const update: { quantity?: number; selected?: number; price_seen_minor?: number } = {};
  if (changes.quantity !== undefined) update.quantity = changes.quantity;
  if (changes.selected !== undefined) update.selected = changes.selected ? 1 : 0;
  if (sku) update.price_seen_minor = sku.price_minor;
  const result = await tables(context.db)
    .updateTable('cart_items')
    .set(update)
    .where('user_id', '=', userId)
    .where('sku_id', '=', skuId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found', { param: 'sku_id', message: 'This SKU is not in your cart.' });
}

export async function removeFromCart(context: OrdersContext, userId: string, skuId: string): Promise<void> {
  await tables(context.db).deleteFrom('cart_items').where('user_id', '=', userId).where('sku_id', '=', skuId).execute();
}

function firstImage(imageIds: string): string | null {
  const ids = JSON.parse(imageIds) as string[];
  return ids[0] ?? null;
}

/** The cart grouped by store, with today's price and stock beside what the buyer saw. */
export async function viewCart(context: OrdersContext, userId: string) {
  const lines = await tables(context.db).selectFrom('cart_items').selectAll().where('user_id', '=', userId).orderBy('added_at').execute();
  const skus = new Map(
    (
      await skusWithProducts(
        context.db,
        lines.map((line) => line.sku_id),
      )
    ).map((sku) => [sku.sku_id, sku]),
  );
  const stores = new Map(
    (await storesByIds(context.db, [...new Set([...skus.values()].map((sku) => sku.store_id))])).map((store) => [store.id, store]),
  );
  const groups = new Map<
    string,
    { store: { id: string; name: string; handle: string }; currency: string; lines: unknown[]; subtotal_minor: number }
  >();
  for (const line of lines) {
    const sku = skus.get(line.sku_id);
    if (!sku) continue;
    const store = stores.get(sku.store_id);
    if (!store) continue;
    const group = groups.get(store.id) ?? {
      store: { id: store.id, name: store.name, handle: store.handle },
      currency: sku.currency,
      lines: [],
      subtotal_minor: 0,
    };
    const available = sku.status === 'active';
    group.lines.push({
      sku_id: sku.sku_id,
      product_id: sku.product_id,
      title: sku.title,
      options: JSON.parse(sku.option_values) as string[],
      image_id: firstImage(sku.image_ids),
      quantity: line.quantity,
      selected: line.selected === 1,
      price_minor: sku.price_minor,
      price_seen_minor: line.price_seen_minor,
      price_changed: sku.price_minor !== line.price_seen_minor,
      stock: sku.stock,
      available,
      enough_stock: sku.stock >= line.quantity,
    });
    if (line.selected === 1 && available) group.subtotal_minor += sku.price_minor * line.quantity;
    groups.set(store.id, group);
  }
  return { stores: [...groups.values()] };
}

// --- addresses -------------------------------------------------------------------------

export interface AddressInput {
  recipient: string;
  phone: string;
  country: string;
  region?: string | undefined;
  city: string;
  line1: string;
  line2?: string | undefined;
  postal_code?: string | undefined;
  is_default?: boolean | undefined;
}

export function presentAddress(row: AddressesTable) {
  return {
    id: row.id,
    recipient: row.recipient,
    phone: row.phone,
    country: row.country,
    region: row.region,
    city: row.city,
    line1: row.line1,
    line2: row.line2,
    postal_code: row.postal_code,
    is_default: row.is_default === 1,
  };
}

export async function addAddress(context: OrdersContext, userId: string, input: AddressInput) {
  if (!isCountry(input.country)) throw new AppError('validation_failed', { param: 'country', message: 'Not an ISO 3166 country code.' });
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const existing = await tx.selectFrom('addresses').select(['id']).where('user_id', '=', userId).execute();
      if (existing.length >= MAX_ADDRESSES)
        throw new AppError('validation_failed', { message: `An address book holds at most ${MAX_ADDRESSES} addresses.` });
      const isDefault = input.is_default === true || existing.length === 0;
      if (isDefault) await tx.updateTable('addresses').set({ is_default: 0 }).where('user_id', '=', userId).execute();
      const now = context.clock.nowIso();
      const row: AddressesTable = {
        id: newId('adr', context.clock.now_ms()),
        user_id: userId,
        recipient: cleanLine(input.recipient),
        phone: cleanLine(input.phone),
        country: input.country,
        region: cleanLine(input.region ?? ''),
        city: cleanLine(input.city),
        line1: cleanLine(input.line1),
        line2: cleanLine(input.line2 ?? ''),
        postal_code: cleanLine(input.postal_code ?? ''),
        is_default: isDefault ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await tx.insertInto('addresses').values(row).execute();
      return presentAddress(row);
    });
}

export async function listAddresses(context: OrdersContext, userId: string) {
  const rows = await tables(context.db)
    .selectFrom('addresses')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(presentAddress);
}

export async function deleteAddress(context: OrdersContext, userId: string, addressId: string): Promise<void> {
  const result = await tables(context.db)
    .deleteFrom('addresses')
    .where('id', '=', addressId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found');
}

// --- shipping rules --------------------------------------------------------------------

export interface ShippingRuleInput {
  mode: 'flat' | 'weight';
  base_minor: number;
  first_weight_g?: number | undefined;
  per_kg_minor?: number | undefined;
  free_over_minor?: number | null | undefined;
}

export async function shippingRuleOf(db: Executor, storeId: string): Promise<ShippingRulesTable> {
  const row = await tables(db).selectFrom('shipping_rules').selectAll().where('store_id', '=', storeId).executeTakeFirst();
  return (
    row ?? { store_id: storeId, mode: 'flat', base_minor: 0, first_weight_g: 0, per_kg_minor: 0, free_over_minor: null, updated_at: '' }
  );
}

export async function setShippingRule(context: OrdersContext, storeId: string, input: ShippingRuleInput) {
  const row: ShippingRulesTable = {
    store_id: storeId,
    mode: input.mode,
    base_minor: input.base_minor,
    first_weight_g: input.mode === 'weight' ? (input.first_weight_g ?? 1000) : 0,
    per_kg_minor: input.mode === 'weight' ? (input.per_kg_minor ?? 0) : 0,
    free_over_minor: input.free_over_minor ?? null,
    updated_at: context.clock.nowIso(),
  };
  await tables(context.db)
    .insertInto('shipping_rules')
    .values(row)
    .onConflict((conflict) => conflict.column('store_id').doUpdateSet(row))
    .execute();
  return presentShippingRule(row);
}

export function presentShippingRule(row: ShippingRulesTable) {
  return {
    mode: row.mode,
    base_minor: Number(row.base_minor),
    first_weight_g: row.first_weight_g,
    per_kg_minor: Number(row.per_kg_minor),
    free_over_minor: row.free_over_minor === null ? null : Number(row.free_over_minor),
  };
}

/** The fee for goods worth `items_minor` weighing `weight_g` under a store's rule. Pure. */
export function shippingFee(
  rule: Pick<ShippingRulesTable, 'mode' | 'base_minor' | 'first_weight_g' | 'per_kg_minor' | 'free_over_minor'>,
  items_minor: number,
  weight_g: number,
): number {
  if (rule.free_over_minor !== null && items_minor >= Number(rule.free_over_minor)) return 0;
  if (rule.mode === 'flat') return Number(rule.base_minor);
  const extra_g = Math.max(0, weight_g - rule.first_weight_g);
  return Number(rule.base_minor) + Math.ceil(extra_g / 1000) * Number(rule.per_kg_minor);
}

// --- commission ------------------------------------------------------------------------

export async function commissionRates(db: Executor): Promise<Map<string, number>> {
  const rows = await tables(db).selectFrom('commission_rates').selectAll().execute();
  return new Map(rows.map((row) => [row.category_id, row.rate_bp]));
}

export async function setCommissionRate(context: OrdersContext, categoryId: string, rate_bp: number): Promise<void> {
  const row = { category_id: categoryId, rate_bp, updated_at: context.clock.nowIso() };
  await tables(context.db)
    .insertInto('commission_rates')
    .values(row)
    .onConflict((conflict) => conflict.column('category_id').doUpdateSet(row))
    .execute();
}

// --- orders ----------------------------------------------------------------------------

export async function findOrder(db: Executor, id: string): Promise<OrdersTable | undefined> {
  const row = await tables(db).selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? normalizeOrder(row) : undefined;
}

/** PostgreSQL's bigint columns come back as numbers already (see database.ts); this keeps both alike. */
function normalizeOrder(row: OrdersTable): OrdersTable {
  for (const key of ['items_minor', 'shipping_minor', 'total_minor', 'commission_minor', 'refunded_minor', 'released_minor'] as const)
    row[key] = Number(row[key]);
  return row;
}

export function itemsOfOrder(db: Executor, orderId: string) {
  return tables(db).selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('position').execute();
}

export async function ordersOf(
  db: Executor,
  filter: { buyer_id?: string; store_id?: string; state?: string | undefined; beforeId?: string | undefined; limit: number },
) {
  let query = tables(db).selectFrom('orders').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.buyer_id) query = query.where('buyer_id', '=', filter.buyer_id);
  if (filter.store_id) query = query.where('store_id', '=', filter.store_id);
  if (filter.state) query = query.where('state', '=', filter.state as OrdersTable['state']);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return (await query.execute()).map(normalizeOrder);
}

export function ordersByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as OrdersTable[]);
  return tables(db)
    .selectFrom('orders')
    .selectAll()
    .where('id', 'in', ids as string[])
    .orderBy('id')
    .execute()
    .then((rows) => rows.map(normalizeOrder));
}

// --- checkout --------------------------------------------------------------------------

export interface CheckoutInput {
  address_id: string;
  /** Buy these now instead of the cart's selected lines. */
  items?: { sku_id: string; quantity: number; price_minor: number }[] | undefined;
  note?: string | undefined;
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
    lines: rows.map((row) => ({ sku_id: row.sku_id, quantity: row.quantity, price_seen_minor: Number(row.price_seen_minor) })),
    fromCart: true,
  };
}

/**
 * Turns the cart (or an explicit list) into one order per store, in one transaction: prices
 * checked against what the buyer saw, the store ships to the address, stock reserved with a
 * conditional update per SKU, shipping by the store's rule, commission locked per line. A
 * checkout is keyed by the buyer's Idempotency-Key, so a retry after a lost response (or a
 * crash) returns the same orders instead of making new ones.
 */
export async function checkout(
  context: OrdersContext,
  buyerId: string,
  idempotencyKey: string,
  input: CheckoutInput,
): Promise<{ id: string; orders: OrdersTable[] }> {
  const previous = await findCheckout(context.db, buyerId, idempotencyKey);
  if (previous) return previous;
  try {
    return await tables(context.db)
      .transaction()
      .execute((tx) => placeOrders(context, tx, buyerId, idempotencyKey, input));
  } catch (error) {
    // Two requests with one key raced: the other committed first; answer what it made.
    const raced = await findCheckout(context.db, buyerId, idempotencyKey);
    if (raced) return raced;
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
  if (lines.length === 0) throw new AppError('cart_empty');
  for (const line of lines) {
    const sku = skus.get(line.sku_id);
    if (!sku) throw new AppError('invalid_reference', { param: line.sku_id, message: 'No such SKU.' });
    if (sku.status !== 'active') throw new AppError('not_for_sale', { param: line.sku_id });
    if (sku.price_minor !== line.price_seen_minor) throw new AppError('price_changed', { param: line.sku_id });
  }
}

async function placeOrders(context: OrdersContext, tx: Executor, buyerId: string, key: string, input: CheckoutInput) {
  const { lines, fromCart } = await linesFor(tx, buyerId, input);
  const skus = new Map(
    (
      await skusWithProducts(
        tx,
        lines.map((line) => line.sku_id),
      )
    ).map((sku) => [sku.sku_id, sku]),
  );
  checkLines(lines, skus);
  const address = await tables(tx)
    .selectFrom('addresses')
    .selectAll()
    .where('id', '=', input.address_id)
    .where('user_id', '=', buyerId)
    .executeTakeFirst();
  if (!address) throw new AppError('invalid_reference', { param: 'address_id', message: 'No such address in your address book.' });
  const byStore = new Map<string, Line[]>();
  for (const line of lines) {
    const storeId = skus.get(line.sku_id)?.store_id ?? '';
    byStore.set(storeId, [...(byStore.get(storeId) ?? []), line]);
  }
  const stores = new Map((await storesByIds(tx, [...byStore.keys()])).map((store) => [store.id, store]));
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
  await tables(tx)
    .insertInto('checkouts')
    .values({
      id: checkoutId,
      buyer_id: buyerId,
      idempotency_key: key,
      order_ids: JSON.stringify(orders.map((order) => order.id)),
      created_at: context.clock.nowIso(),
    })
    .execute();
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
  await tables(tx).insertInto('orders').values(order).execute();
  await tables(tx).insertInto('order_items').values(items).execute();
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
