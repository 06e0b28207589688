import { AppError } from '../../kernel/errors.js';
import { skusWithProducts } from '../catalog/index.js';
import { storesByIds } from '../stores/index.js';
import { MAX_CART_LINES, MAX_QUANTITY, type OrdersContext, tables } from './service.js';

/** The buyer's cart: lines per SKU with the price the buyer saw. */

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

export function firstImage(imageIds: string): string | null {
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
