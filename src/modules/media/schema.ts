export type ImagePurpose = 'product' | 'logo' | 'banner' | 'brand_document' | 'evidence';
export const IMAGE_PURPOSES: readonly ImagePurpose[] = ['product', 'logo', 'banner', 'brand_document', 'evidence'];

export interface ImagesTable {
  id: string;
  uploader_id: string;
  store_id: string;
  purpose: ImagePurpose;
  format: 'jpeg' | 'png' | 'webp';
  width: number;
  height: number;
  bytes: number;
  /** JSON: { original, large, medium, thumb } blob keys. */
  variants: string;
  created_at: string;
}

export interface MediaTables {
  images: ImagesTable;
}
