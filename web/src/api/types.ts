/** The shapes the stores and catalog APIs answer with (see src/modules/stores, src/modules/catalog). */

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface ImageView {
  id: string;
  width: number;
  height: number;
  urls: { original: string; large: string; medium: string; thumb: string };
}

export type StoreType = 'individual' | 'brand' | 'supplier';
export type StoreRole = 'owner' | 'staff';
export type BrandStatus = 'none' | 'pending' | 'verified' | 'rejected';

export interface StorefrontSection {
  title: string;
  product_ids: string[];
}

export interface StorefrontLayout {
  theme_color: string;
  announcement: string;
  logo_image_id: string | null;
  banner_image_id: string | null;
  sections: StorefrontSection[];
  logo: ImageView | null;
  banner: ImageView | null;
}

export interface Store {
  id: string;
  handle: string;
  name: string;
  description: string;
  country: string;
  currency: string;
  type: StoreType;
  verified: boolean;
  follower_count: number;
  created_at: string;
  published_at: string | null;
  storefront: StorefrontLayout;
  /** Only for the store's team. */
  brand_status?: BrandStatus;
  brand_review_note?: string | null;
  storefront_draft?: StorefrontLayout;
}

export interface StoreSummary {
  id: string;
  handle: string;
  name: string;
  type: StoreType;
  country: string;
  currency: string;
  verified: boolean;
  follower_count: number;
  theme_color: string;
  logo: ImageView | null;
}

export interface StoreAnswer {
  store: Store;
  viewer: { role: StoreRole | null; following: boolean };
}

export interface StorefrontAnswer {
  store: Store;
  version: 'draft' | 'published';
  storefront: {
    theme_color: string;
    announcement: string;
    logo: ImageView | null;
    banner: ImageView | null;
    sections: { title: string; products: ProductCard[] }[];
  };
}

export interface Member {
  user_id: string;
  role: StoreRole;
  email: string;
  display_name: string;
  added_at: string;
}

export interface BrandDocument {
  id: string;
  note: string;
  created_at: string;
}

export interface Visits {
  data: { day: string; source: string; target: string; visits: number }[];
  totals_by_source: Record<string, number>;
}

export interface Category {
  id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  position: number;
}

export type ProductStatus = 'draft' | 'active' | 'delisted';

export interface ProductCard {
  id: string;
  store_id: string;
  title: string;
  status: ProductStatus;
  category_id?: string;
  currency: string;
  price_min_minor: number;
  price_max_minor: number;
  stock_total: number;
  sold_count: number;
  image: { id?: string; thumb: string; medium: string } | null;
}

export interface ProductOption {
  name: string;
  values: string[];
}

export interface Attribute {
  name: string;
  value: string;
}

export interface Dimensions {
  length: number;
  width: number;
  height: number;
}

export interface Sku {
  id: string;
  options: string[];
  code: string;
  price_minor: number;
  stock: number;
  weight_g: number;
  dimensions_mm: Dimensions | null;
}

export interface Product {
  id: string;
  store_id: string;
  title: string;
  description: string;
  status: ProductStatus;
  category: { id: string; path: { id: string; name_zh: string; name_en: string }[] };
  attributes: Attribute[];
  options: ProductOption[];
  currency: string;
  price_min_minor: number;
  price_max_minor: number;
  stock_total: number;
  sold_count: number;
  favourite_count: number;
  images: ImageView[];
  skus: Sku[];
  created_at: string;
  updated_at: string;
}

export interface ProductAnswer {
  product: Product;
  store: StoreSummary;
  viewer?: { favourited: boolean };
}

export type StockReason = 'restock' | 'correction' | 'damage' | 'return' | 'other';

export interface StockAdjustment {
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
