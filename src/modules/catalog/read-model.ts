import type { Kysely } from 'kysely';
import { ChangeFeed } from '../../kernel/db/changes.js';
import type { Executor } from '../../kernel/db/database.js';
import { findImages, type ImageView, presentImage } from '../media/index.js';
import { categoryPath } from './categories.js';
import * as repo from './repo.js';
import type { CatalogTables, CategoriesTable, ProductsTable, SkusTable } from './schema.js';

/**
 * The catalog's read model: each product keeps its page and card as JSON, rebuilt in the
 * transaction of every change (docs/decisions/0004-catalog-read-model.md).
 */
function tables(db: Executor): Kysely<CatalogTables> {
  return db as Kysely<CatalogTables>;
}

function presentSku(row: SkusTable) {
  return {
    id: row.id,
    options: JSON.parse(row.option_values) as string[],
    code: row.code,
    price_minor: row.price_minor,
    stock: row.stock,
    weight_g: row.weight_g,
    dimensions_mm: row.length_mm === null ? null : { length: row.length_mm, width: row.width_mm, height: row.height_mm },
  };
}

export function aggregates(skus: readonly SkusTable[]) {
  const prices = skus.map((sku) => sku.price_minor);
  return {
    price_min_minor: prices.length ? Math.min(...prices) : 0,
    price_max_minor: prices.length ? Math.max(...prices) : 0,
    stock_total: skus.reduce((total, sku) => total + sku.stock, 0),
  };
}

/**
 * The product page and card documents, from the product's rows. Pure, so a bulk loader
 * (the benchmark's million-product catalog) makes exactly what the service makes.
 */
export function productDocuments(
  product: ProductsTable,
  skus: readonly SkusTable[],
  images: readonly ImageView[],
  path: readonly Pick<CategoriesTable, 'id' | 'name_zh' | 'name_en'>[],
) {
  const totals = aggregates(skus);
  const page = {
    id: product.id,
    store_id: product.store_id,
    title: product.title,
    description: product.description,
    status: product.status,
    category: { id: product.category_id, path: path.map((row) => ({ id: row.id, name_zh: row.name_zh, name_en: row.name_en })) },
    attributes: JSON.parse(product.attributes),
    options: JSON.parse(product.options),
    currency: product.currency,
    ...totals,
    sold_count: product.sold_count,
    favourite_count: product.favourite_count,
    images,
    skus: skus.map(presentSku),
    created_at: product.created_at,
    updated_at: product.updated_at,
  };
  const card = cardOf(product, totals, images[0] ?? null);
  return { ...totals, page_json: JSON.stringify(page), card_json: JSON.stringify(card) };
}

function cardOf(product: ProductsTable, totals: ReturnType<typeof aggregates>, image: ImageView | null) {
  return {
    id: product.id,
    store_id: product.store_id,
    title: product.title,
    status: product.status,
    category_id: product.category_id,
    currency: product.currency,
    price_min_minor: totals.price_min_minor,
    price_max_minor: totals.price_max_minor,
    stock_total: totals.stock_total,
    sold_count: product.sold_count,
    image: image ? { id: image.id, thumb: image.urls.thumb, medium: image.urls.medium } : null,
  };
}

/** Announced in the writer's transaction after every product change, including deletion. */
export const productChanges = new ChangeFeed();

/**
 * Rebuilds the product's page and card JSON from its rows. Every write calls this inside its
 * own transaction, so the read model is never behind the truth, on any instance.
 */
export async function rebuildReadModel(db: Executor, productId: string): Promise<void> {
  const product = await repo.findProduct(tables(db), productId);
  if (!product) return productChanges.changed(db, productId);
  const skus = await repo.skusOf(tables(db), productId);
  const imageIds = JSON.parse(product.image_ids) as string[];
  const imageRows = await findImages(db, imageIds);
  const images = imageIds
    .map((id) => imageRows.find((row) => row.id === id))
    .filter((row) => row !== undefined)
    .map(presentImage);
  const path = await categoryPath(db, product.category_id);
  await repo.updateProduct(tables(db), productId, productDocuments(product, skus, images, path));
  await productChanges.changed(db, productId);
}
