import type { Kysely } from 'kysely';
import type { BlobStore } from '../../kernel/blobs.js';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { cleanLine, cleanParagraphs } from '../../kernel/text.js';
import { type ImageView, saveImage } from '../media/index.js';
import type { StoresTable } from '../stores/index.js';
import { categoryWithDescendants } from './categories.js';
import { aggregates, productChanges, rebuildReadModel } from './read-model.js';
import * as repo from './repo.js';
import type { CatalogTables, ProductStatus, ProductsTable, SkusTable, StockReason } from './schema.js';
import { checkSkuCoverage, type ProductOption } from './skus.js';

export interface CatalogContext {
  db: Executor;
  clock: Clock;
  blobs: BlobStore;
}

export const MAX_IMAGES_PER_PRODUCT = 12;

function tables(db: Executor): Kysely<CatalogTables> {
  return db as Kysely<CatalogTables>;
}

export { categories, categoryPath, categoryWithDescendants } from './categories.js';
export { productChanges, productDocuments } from './read-model.js';

export interface SkuInput {
  options: string[];
  price_minor: number;
  stock: number;
  weight_g: number;
  code?: string | undefined;
  dimensions_mm?: { length: number; width: number; height: number } | undefined;
}

export interface ProductInput {
  title: string;
  description?: string | undefined;
  category_id: string;
  attributes?: { name: string; value: string }[] | undefined;
  options?: ProductOption[] | undefined;
  skus: SkuInput[];
  status?: 'draft' | 'active' | undefined;
}

function cleanOptions(options: ProductOption[]): ProductOption[] {
  return options.map((option) => ({ name: cleanLine(option.name), values: option.values.map(cleanLine) }));
}

function toSkuRow(productId: string, sku: SkuInput, position: number, now_ms: number): SkusTable {
  return {
    id: newId('sku', now_ms),
    product_id: productId,
    option_values: JSON.stringify(sku.options.map(cleanLine)),
    code: cleanLine(sku.code ?? ''),
    price_minor: sku.price_minor,
    stock: sku.stock,
    weight_g: sku.weight_g,
    length_mm: sku.dimensions_mm?.length ?? null,
    width_mm: sku.dimensions_mm?.width ?? null,
    height_mm: sku.dimensions_mm?.height ?? null,
    position,
  };
}

export async function createProduct(context: CatalogContext, store: StoresTable, input: ProductInput): Promise<string> {
  const options = cleanOptions(input.options ?? []);
  checkSkuCoverage(
    options,
    input.skus.map((sku) => sku.options.map(cleanLine)),
  );
  await categoryWithDescendants(context.db, input.category_id);
  const title = cleanLine(input.title);
  if (!title) throw new AppError('validation_failed', { param: 'title', message: 'The title needs some visible text.' });
  const now_ms = context.clock.now_ms();
  const now = new Date(now_ms).toISOString();
  const id = newId('prd', now_ms);
  const skus = input.skus.map((sku, index) => toSkuRow(id, sku, index, now_ms));
  const product: ProductsTable = {
    id,
    store_id: store.id,
    title,
    description: cleanParagraphs(input.description ?? ''),
    category_id: input.category_id,
    attributes: JSON.stringify(
      (input.attributes ?? []).map((attribute) => ({ name: cleanLine(attribute.name), value: cleanLine(attribute.value) })),
    ),
    options: JSON.stringify(options),
    image_ids: '[]',
    status: input.status ?? 'draft',
    currency: store.currency,
    ...aggregates(skus),
    sold_count: 0,
    read_model_stale: 0,
    favourite_count: 0,
    page_json: '{}',
    card_json: '{}',
    created_at: now,
    updated_at: now,
  };
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      await repo.insertProduct(tx, product, skus);
      await rebuildReadModel(tx, id);
    });
  return id;
}

export async function findProduct(db: Executor, id: string) {
  return repo.findProduct(tables(db), id);
}

export function findProductPage(db: Executor, id: string) {
  return repo.findProductPage(tables(db), id);
}

export async function findProductPageWithStore(db: Executor, id: string) {
  const [row] = await repo.findProductPageWithStore(db, id);
  return row;
}

/** Which status may follow which: a draft is published, an active product delisted and relisted. */
const STATUS_TRANSITIONS: Record<ProductStatus, readonly ProductStatus[]> = {
  draft: ['active'],
  active: ['delisted'],
  delisted: ['active'],
};

export interface ProductChanges {
  title?: string | undefined;
  description?: string | undefined;
  category_id?: string | undefined;
  attributes?: { name: string; value: string }[] | undefined;
  status?: ProductStatus | undefined;
}

export async function updateProduct(context: CatalogContext, product: ProductsTable, changes: ProductChanges): Promise<void> {
  const update: Partial<ProductsTable> = { updated_at: context.clock.nowIso() };
  if (changes.title !== undefined) {
    update.title = cleanLine(changes.title);
    if (!update.title) throw new AppError('validation_failed', { param: 'title', message: 'The title needs some visible text.' });
  }
  if (changes.description !== undefined) update.description = cleanParagraphs(changes.description);
  if (changes.category_id !== undefined) {
    await categoryWithDescendants(context.db, changes.category_id);
    update.category_id = changes.category_id;
  }
  if (changes.attributes !== undefined) {
    update.attributes = JSON.stringify(
      changes.attributes.map((attribute) => ({ name: cleanLine(attribute.name), value: cleanLine(attribute.value) })),
    );
  }
  if (changes.status !== undefined && changes.status !== product.status) {
    if (!STATUS_TRANSITIONS[product.status].includes(changes.status)) {
      throw new AppError('invalid_transition', {
        param: 'status',
        message: `A ${product.status} product cannot become ${changes.status}.`,
      });
    }
    update.status = changes.status;
  }
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      await repo.updateProduct(tx, product.id, update);
      await rebuildReadModel(tx, product.id);
    });
}

export interface SkuChanges {
  price_minor?: number | undefined;
  weight_g?: number | undefined;
  code?: string | undefined;
  dimensions_mm?: { length: number; width: number; height: number } | null | undefined;
}

export async function updateSku(context: CatalogContext, product: ProductsTable, skuId: string, changes: SkuChanges): Promise<void> {
  const update: Partial<SkusTable> = {};
  if (changes.price_minor !== undefined) update.price_minor = changes.price_minor;
  if (changes.weight_g !== undefined) update.weight_g = changes.weight_g;
  if (changes.code !== undefined) update.code = cleanLine(changes.code);
  if (changes.dimensions_mm !== undefined) {
    update.length_mm = changes.dimensions_mm?.length ?? null;
    update.width_mm = changes.dimensions_mm?.width ?? null;
    update.height_mm = changes.dimensions_mm?.height ?? null;
  }
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const skus = await repo.skusOf(tx, product.id);
      if (!skus.some((sku) => sku.id === skuId))
        throw new AppError('not_found', { param: 'sku_id', message: 'No such SKU on this product.' });
      if (Object.keys(update).length > 0) await repo.updateSku(tx, skuId, update);
      await repo.updateProduct(tx, product.id, { updated_at: context.clock.nowIso() });
      await rebuildReadModel(tx, product.id);
    });
}

/** Moves a SKU's stock and records why; never below zero. */
export async function adjustStock(
  context: CatalogContext,
  product: ProductsTable,
  input: { sku_id: string; delta: number; reason: StockReason; note?: string | undefined; actorId: string },
) {
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const stock = await repo.shiftStock(tx, input.sku_id, product.id, input.delta);
      if (stock === undefined) {
        const exists = (await repo.skusOf(tx, product.id)).some((sku) => sku.id === input.sku_id);
        if (!exists) throw new AppError('not_found', { param: 'sku_id', message: 'No such SKU on this product.' });
        throw new AppError('stock_would_go_negative', { param: 'delta' });
      }
      const now_ms = context.clock.now_ms();
      const adjustment = {
        id: newId('adj', now_ms),
        sku_id: input.sku_id,
        product_id: product.id,
        delta: input.delta,
        stock_after: stock,
        reason: input.reason,
        note: cleanLine(input.note ?? ''),
        actor_id: input.actorId,
        created_at: new Date(now_ms).toISOString(),
      };
      await repo.insertAdjustment(tx, adjustment);
      await rebuildReadModel(tx, product.id);
      return adjustment;
    });
}

export function stockHistory(db: Executor, productId: string, beforeId: string | undefined, limit: number) {
  return repo.adjustmentsOf(tables(db), productId, beforeId, limit);
}

export async function addImage(context: CatalogContext, product: ProductsTable, uploaderId: string, bytes: Buffer): Promise<ImageView> {
  const current = JSON.parse(product.image_ids) as string[];
  if (current.length >= MAX_IMAGES_PER_PRODUCT) {
    throw new AppError('validation_failed', { message: `A product has at most ${MAX_IMAGES_PER_PRODUCT} photos.` });
  }
  const image = await saveImage(context, { bytes, uploaderId, storeId: product.store_id, purpose: 'product' });
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      // Re-read inside the transaction: two uploads at once must both land.
      const fresh = await repo.findProduct(tx, product.id);
      const ids = [...(JSON.parse(fresh?.image_ids ?? '[]') as string[]), image.id];
      await repo.updateProduct(tx, product.id, { image_ids: JSON.stringify(ids), updated_at: context.clock.nowIso() });
      await rebuildReadModel(tx, product.id);
    });
  return image;
}

export async function setImageOrder(context: CatalogContext, product: ProductsTable, imageIds: string[]): Promise<void> {
  const current = JSON.parse(product.image_ids) as string[];
  const unknown = imageIds.find((id) => !current.includes(id));
  if (unknown) throw new AppError('invalid_reference', { param: 'image_ids', message: `Image ${unknown} is not on this product.` });
  if (new Set(imageIds).size !== imageIds.length)
    throw new AppError('validation_failed', { param: 'image_ids', message: 'An image is listed twice.' });
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      await repo.updateProduct(tx, product.id, { image_ids: JSON.stringify(imageIds), updated_at: context.clock.nowIso() });
      await rebuildReadModel(tx, product.id);
    });
}

/** Deletes a product that never sold; one that has sold is delisted instead, so no order loses it. */
export async function deleteProduct(context: CatalogContext, product: ProductsTable): Promise<'deleted' | 'delisted'> {
  if (product.sold_count > 0) {
    await updateProduct(context, product, { status: product.status === 'delisted' ? undefined : 'delisted' });
    return 'delisted';
  }
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      await repo.deleteProduct(tx, product.id);
      await productChanges.changed(tx, product.id);
    });
  return 'deleted';
}

export function listCards(db: Executor, filter: repo.ProductFilter) {
  return repo.listCards(tables(db), filter);
}

export function countActiveProducts(db: Executor): Promise<number> {
  return repo.countActiveProducts(tables(db));
}

export function activeProductsBySales(db: Executor, after: { sold_count: number; id: string }, limit: number) {
  return repo.activeProductsBySales(tables(db), after, limit);
}

export function activeProductsAfter(db: Executor, afterId: string, limit: number) {
  return repo.activeProductsAfter(tables(db), afterId, limit);
}

/** The ids of a store's products, for work that follows a change of the store. */
export function productIdsOfStore(db: Executor, storeId: string): Promise<string[]> {
  return repo.productIdsOfStore(tables(db), storeId);
}

export function cardsByIds(db: Executor, ids: readonly string[]) {
  return repo.cardsByIds(tables(db), ids);
}

export async function favourite(context: CatalogContext, userId: string, productId: string): Promise<void> {
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      if (await repo.insertFavourite(tx, userId, productId, context.clock.nowIso())) {
        await repo.shiftFavouriteCount(tx, productId, 1);
        await rebuildReadModel(tx, productId);
      }
    });
}

export async function unfavourite(context: CatalogContext, userId: string, productId: string): Promise<void> {
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      if (await repo.deleteFavourite(tx, userId, productId)) {
        await repo.shiftFavouriteCount(tx, productId, -1);
        await rebuildReadModel(tx, productId);
      }
    });
}

export function isFavourite(db: Executor, userId: string, productId: string) {
  return repo.isFavourite(tables(db), userId, productId);
}

export function favouritesOf(db: Executor, userId: string, beforeId: string | undefined, limit: number) {
  return repo.favouritesOf(tables(db), userId, beforeId, limit);
}
