export type ProductStatus = 'draft' | 'active' | 'delisted';
export type StockReason = 'restock' | 'correction' | 'damage' | 'return' | 'sale' | 'other';

export interface CategoriesTable {
  id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  position: number;
}

export interface ProductsTable {
  id: string;
  store_id: string;
  title: string;
  description: string;
  category_id: string;
  /** JSON: [{ name, value }] */
  attributes: string;
  /** JSON: [{ name, values: [] }] */
  options: string;
  /** JSON: ordered image ids */
  image_ids: string;
  status: ProductStatus;
  currency: string;
  price_min_minor: number;
  price_max_minor: number;
  stock_total: number;
  sold_count: number;
  /** 1 when an order moved the counters and the page, card and search document wait for the sweep. */
  read_model_stale: number;
  favourite_count: number;
  /** The product page's JSON, rebuilt in the same transaction as every change. */
  page_json: string;
  /** The product card's JSON for lists. */
  card_json: string;
  created_at: string;
  updated_at: string;
}

export interface SkusTable {
  id: string;
  product_id: string;
  /** JSON: the option values in the product's option order, e.g. ["红", "M"]. */
  option_values: string;
  code: string;
  price_minor: number;
  stock: number;
  weight_g: number;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  position: number;
}

export interface StockAdjustmentsTable {
  id: string;
  sku_id: string;
  product_id: string;
  delta: number;
  stock_after: number;
  reason: StockReason;
  note: string;
  actor_id: string;
  created_at: string;
}

export interface FavouritesTable {
  user_id: string;
  product_id: string;
  created_at: string;
}

export interface CatalogTables {
  categories: CategoriesTable;
  products: ProductsTable;
  skus: SkusTable;
  stock_adjustments: StockAdjustmentsTable;
  favourites: FavouritesTable;
}
