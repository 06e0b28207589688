import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { inList, insertRow, listOf, preparedQuery, preparedStatement } from '../../kernel/db/prepared.js';
import type { CatalogTables, ProductStatus, ProductsTable, SkusTable, StockAdjustmentsTable } from './schema.js';

/** All SQL of the catalog module. */
type Db = Kysely<CatalogTables>;

export function allCategories(db: Db) {
  return db.selectFrom('categories').selectAll().orderBy('position').execute();
}

export async function insertProduct(db: Db, product: ProductsTable, skus: SkusTable[]): Promise<void> {
  await db.insertInto('products').values(product).execute();
  if (skus.length > 0) await db.insertInto('skus').values(skus).execute();
}

export function findProduct(db: Db, id: string) {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The hot read of a product page: the prebuilt JSON and what access depends on. */
export function findProductPage(db: Db, id: string) {
  return db.selectFrom('products').select(['store_id', 'status', 'page_json']).where('id', '=', id).executeTakeFirst();
}

/**
 * The product page with its store's summary in one query, built once: a product page read is
 * this one indexed lookup.
 */
export const findProductPageWithStore = preparedQuery<
  [string],
  { store_id: string; status: ProductStatus; page_json: string; summary_json: string }
>('catalog.findProductPageWithStore', (db, id) =>
  (db as Kysely<CatalogTables & { stores: { id: string; summary_json: string } }>)
    .selectFrom('products')
    .innerJoin('stores', 'stores.id', 'products.store_id')
    .select(['products.store_id', 'products.status', 'products.page_json', 'stores.summary_json'])
    .where('products.id', '=', id),
);

export function skusOf(db: Db, productId: string) {
  return db.selectFrom('skus').selectAll().where('product_id', '=', productId).orderBy('position').execute();
}

export async function updateProduct(db: Db, id: string, changes: Partial<ProductsTable>): Promise<void> {
  await db.updateTable('products').set(changes).where('id', '=', id).execute();
}

export async function updateSku(db: Db, id: string, changes: Partial<SkusTable>): Promise<void> {
  await db.updateTable('skus').set(changes).where('id', '=', id).execute();
}

/** Moves stock by `delta` unless that would take it below zero; returns the new stock, or undefined. */
const addToStock = preparedStatement<{ stock: number }>(
  'update "skus" set "stock" = "stock" + ? where "id" = ? and "product_id" = ? and "stock" + ? >= 0 returning "stock"',
);

/** Moves a SKU's stock; undefined (and nothing changed) when it would go below zero. */
export async function shiftStock(db: Db, skuId: string, productId: string, delta: number): Promise<number | undefined> {
  return (await addToStock(db, delta, skuId, productId, delta)).rows[0]?.stock;
}

/**
 * An order's stock movement, unanswered: the SKU's stock moves, and the database's own rule
 * (`skus_stock_nonnegative`) refuses to take it below zero, which fails the transaction with
 * `out_of_stock` (guards.ts, registered in stock.ts). The adjustment row reads the stock
 * after the move from the SKU (a statement after the update's, pg-client.ts).
 */
const addToSkuStock = preparedStatement('update "skus" set "stock" = "stock" + ? where "id" = ?', { blind: true });
const recordAdjustment = preparedStatement(
  'insert into "stock_adjustments" ("id", "sku_id", "product_id", "delta", "stock_after", "reason", "note", "actor_id", "created_at") ' +
    'select ?, "id", "product_id", ?, "stock", ?, ?, ?, ? from "skus" where "id" = ?',
  { blind: true, reads: ['skus'] },
);

export async function moveStock(db: Db, row: Omit<StockAdjustmentsTable, 'stock_after' | 'product_id'>): Promise<void> {
  await addToSkuStock(db, row.delta, row.sku_id);
  await recordAdjustment(db, row.id, row.delta, row.reason, row.note, row.actor_id, row.created_at, row.sku_id);
}

export async function insertAdjustment(db: Db, row: StockAdjustmentsTable): Promise<void> {
  await insertRow(db, 'stock_adjustments', row, '', { blind: true });
}

export function adjustmentsOf(db: Db, productId: string, beforeId: string | undefined, limit: number) {
  let query = db.selectFrom('stock_adjustments').selectAll().where('product_id', '=', productId);
  if (beforeId) query = query.where('id', '<', beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function deleteProduct(db: Db, id: string): Promise<void> {
  await db.deleteFrom('products').where('id', '=', id).execute();
}

export interface ProductFilter {
  storeId?: string | undefined;
  categoryIds?: string[] | undefined;
  statuses: ProductStatus[];
  beforeId?: string | undefined;
  limit: number;
}

export function listCards(db: Db, filter: ProductFilter) {
  let query = db.selectFrom('products').select(['id', 'card_json']).where('status', 'in', filter.statuses);
  if (filter.storeId) query = query.where('store_id', '=', filter.storeId);
  if (filter.categoryIds) query = query.where('category_id', 'in', filter.categoryIds);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

export async function countActiveProducts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('products')
    .select((expression) => expression.fn.countAll<number>().as('count'))
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** What the search index reads of a product: everything but the read-model JSON. */
const INDEXED_COLUMNS = [
  'id',
  'store_id',
  'title',
  'description',
  'attributes',
  'options',
  'category_id',
  'currency',
  'price_min_minor',
  'stock_total',
  'sold_count',
  'created_at',
] as const;

/** Active products after an id, in id order, without their read-model JSON: the search index's source. */
export function activeProductsAfter(db: Db, afterId: string, limit: number) {
  return db
    .selectFrom('products')
    .select(INDEXED_COLUMNS)
    .where('status', '=', 'active')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Active products after a (sales, id) position, fewest sales first: the index bulk-loads in this order. */
export function activeProductsBySales(db: Db, after: { sold_count: number; id: string }, limit: number) {
  return (
    db
      .selectFrom('products')
      .select(INDEXED_COLUMNS)
      .where('status', '=', 'active')
      // A row-value comparison, which both databases answer from the (status, sold_count, id) index.
      .where(sql<boolean>`(sold_count, id) > (${after.sold_count}, ${after.id})`)
      .orderBy('sold_count')
      .orderBy('id')
      .limit(limit)
      .execute()
  );
}

export async function productIdsOfStore(db: Db, storeId: string): Promise<string[]> {
  const rows = await db.selectFrom('products').select('id').where('store_id', '=', storeId).execute();
  return rows.map((row) => row.id);
}

/** Built once (prepared.ts): a search page reads twenty cards on every request. */
const cardsQuery = preparedQuery<[unknown], Pick<ProductsTable, 'id' | 'store_id' | 'status' | 'title' | 'card_json'>>(
  'catalog.cardsByIds',
  (db, ids) =>
    (db as Db)
      .selectFrom('products')
      .select(['id', 'store_id', 'status', 'title', 'card_json'])
      .where(inList(db, 'id', ids)),
);

export function cardsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return cardsQuery(db, listOf(db, ids));
}

export async function insertFavourite(db: Db, userId: string, productId: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('favourites')
    .values({ user_id: userId, product_id: productId, created_at: now })
    .onConflict((conflict) => conflict.columns(['user_id', 'product_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deleteFavourite(db: Db, userId: string, productId: string): Promise<boolean> {
  const result = await db.deleteFrom('favourites').where('user_id', '=', userId).where('product_id', '=', productId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function isFavourite(db: Db, userId: string, productId: string): Promise<boolean> {
  const row = await db
    .selectFrom('favourites')
    .select('product_id')
    .where('user_id', '=', userId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return row !== undefined;
}

export function favouritesOf(db: Db, userId: string, beforeProductId: string | undefined, limit: number) {
  let query = db
    .selectFrom('favourites')
    .innerJoin('products', 'products.id', 'favourites.product_id')
    .select(['products.id', 'products.card_json'])
    .where('favourites.user_id', '=', userId)
    .where('products.status', '=', 'active');
  if (beforeProductId) query = query.where('products.id', '<', beforeProductId);
  return query
    .orderBy('products.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function shiftFavouriteCount(db: Db, productId: string, delta: 1 | -1): Promise<void> {
  await db
    .updateTable('products')
    .set((eb) => ({ favourite_count: eb('favourite_count', '+', delta) }))
    .where('id', '=', productId)
    .execute();
}

/** SKUs with what a cart or an order line needs of their product. */
function skusWithProductsQuery(db: Db) {
  return db
    .selectFrom('skus as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select([
      's.id as sku_id',
      's.product_id',
      's.option_values',
      's.price_minor',
      's.stock',
      's.weight_g',
      'p.store_id',
      'p.title',
      'p.status',
      'p.currency',
      'p.category_id',
      'p.image_ids',
    ]);
}

type SkuWithProduct = Awaited<ReturnType<ReturnType<typeof skusWithProductsQuery>['execute']>>[number];

const skuWithProduct = preparedQuery<[string], SkuWithProduct>('catalog.skuWithProduct', (db, skuId) =>
  skusWithProductsQuery(db as Db).where('s.id', '=', skuId),
);

/** The query `skusWithProducts` runs, to send beside others (`readTogether`); at least one SKU. */
export function skusWithProductsCompiled(db: Db, skuIds: readonly string[]): CompiledQuery<SkuWithProduct> {
  if (skuIds.length === 1) return skuWithProduct.compiled(db, skuIds[0] as string);
  return skusWithProductsQuery(db)
    .where('s.id', 'in', skuIds as string[])
    .compile();
}

export async function skusWithProducts(db: Db, skuIds: readonly string[]): Promise<SkuWithProduct[]> {
  if (skuIds.length === 0) return [];
  // One SKU is the common case (buy now), and is built once.
  if (skuIds.length === 1) return skuWithProduct(db, skuIds[0] as string);
  return (await db.executeQuery(skusWithProductsCompiled(db, skuIds))).rows;
}

const addToSoldCount = preparedStatement('update "products" set "sold_count" = "sold_count" + ?, "read_model_stale" = 1 where "id" = ?', {
  blind: true,
});

export async function shiftSoldCount(db: Db, productId: string, delta: number): Promise<void> {
  await addToSoldCount(db, delta, productId);
}

/** Products whose read model waits for the sweep, in id order after `after` (a partial index holds just these). */
export async function staleProducts(db: Db, after: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('products')
    .select('id')
    .where('read_model_stale', '=', 1)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Takes a stale product for rebuilding and clears its flag, in the rebuild's transaction. On
 * PostgreSQL the update waits for a sale that moved the row and has not committed (and then
 * sees it), or for another server's sweep of it (and then finds it fresh); the row stays
 * locked until the rebuild commits. False when there is nothing to do.
 */
export async function lockStaleProduct(db: Db, id: string): Promise<boolean> {
  const taken = await db
    .updateTable('products')
    .set({ read_model_stale: 0 })
    .where('id', '=', id)
    .where('read_model_stale', '=', 1)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}
