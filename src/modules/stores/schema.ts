export type StoreType = 'individual' | 'brand' | 'supplier';
export type BrandStatus = 'none' | 'pending' | 'verified' | 'rejected';
export type MemberRole = 'owner' | 'staff';

/** The storefront a seller designs: edited as a draft, shown to buyers once published. */
export interface Storefront {
  theme_color: string;
  announcement: string;
  logo_image_id: string | null;
  banner_image_id: string | null;
  sections: { title: string; product_ids: string[] }[];
}

export interface StoresTable {
  id: string;
  handle: string;
  name: string;
  description: string;
  country: string;
  /** JSON: the ISO 3166 countries the store ships to. */
  ships_to: string;
  currency: string;
  type: StoreType;
  owner_id: string;
  brand_status: BrandStatus;
  brand_review_note: string | null;
  brand_reviewed_by: string | null;
  brand_reviewed_at: string | null;
  storefront_draft: string;
  storefront_published: string | null;
  published_at: string | null;
  follower_count: number;
  /** The public summary other pages embed (name, handle, logo, badge), kept as JSON text. */
  summary_json: string;
  created_at: string;
  updated_at: string;
}

export interface StoreMembersTable {
  store_id: string;
  user_id: string;
  role: MemberRole;
  created_at: string;
}

export interface BrandDocumentsTable {
  image_id: string;
  store_id: string;
  note: string;
  created_at: string;
}

export interface StoreFollowsTable {
  user_id: string;
  store_id: string;
  created_at: string;
}

export interface ShareVisitsTable {
  store_id: string;
  /** 'store' for the store page, or a product id. */
  target: string;
  source: string;
  day: string;
  visits: number;
}

export interface StoresTables {
  stores: StoresTable;
  store_members: StoreMembersTable;
  brand_documents: BrandDocumentsTable;
  store_follows: StoreFollowsTable;
  share_visits: ShareVisitsTable;
}
