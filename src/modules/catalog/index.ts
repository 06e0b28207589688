/**
 * The catalog module's public API. It owns categories (a default taxonomy in Chinese and
 * English), products with options that generate SKUs, stock and its history, photos, and
 * favourites.
 */
import { up } from './migrations/2026112404_catalog_initial.js';
import { up as upSales } from './migrations/2026112408_catalog_products_by_sales.js';
import { up as upStale } from './migrations/2026120701_catalog_read_model_stale.js';

export { catalogHttp, productUrl } from './http.js';
export type { ProductStatus, ProductsTable } from './schema.js';
export type { CatalogContext, ProductInput } from './service.js';
export {
  activeProductsAfter,
  activeProductsBySales,
  addImage,
  cardsByIds,
  categories,
  categoryPath,
  categoryWithDescendants,
  countActiveProducts,
  createProduct,
  favourite,
  findProduct,
  findProductPage,
  MAX_IMAGES_PER_PRODUCT,
  productChanges,
  productDocuments,
  productIdsOfStore,
} from './service.js';
export type { StockLine } from './stock.js';
export {
  READ_MODEL_REFRESH_DELAY_MS,
  recordSales,
  refreshStaleProducts,
  releaseStock,
  reserveStock,
  shortOf,
  skusWithProducts,
  skusWithProductsCompiled,
} from './stock.js';
export { DEFAULT_TAXONOMY, flattenTaxonomy } from './taxonomy.js';

export const catalogMigrations = {
  '2026112404_catalog_initial': { up },
  '2026112408_catalog_products_by_sales': { up: upSales },
  '2026120701_catalog_read_model_stale': { up: upStale },
};
