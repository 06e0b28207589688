import type { Kysely } from 'kysely';
import type { BlobStore } from '../../kernel/blobs.js';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { newId } from '../../kernel/ids.js';
import { processImage, type VariantName } from './process-image.js';
import type { ImagePurpose, ImagesTable, MediaTables } from './schema.js';

export interface MediaContext {
  db: Executor;
  clock: Clock;
  blobs: BlobStore;
}

export interface ImageView {
  id: string;
  width: number;
  height: number;
  urls: Record<VariantName, string>;
}

/** Brand documents are for the operator's eyes: their blobs sit where /media never serves. */
const PRIVATE_PURPOSES: ReadonlySet<ImagePurpose> = new Set(['brand_document', 'evidence']);
export const PRIVATE_PREFIX = 'private';

function tables(db: Executor): Kysely<MediaTables> {
  return db as Kysely<MediaTables>;
}

export function presentImage(row: Pick<ImagesTable, 'id' | 'width' | 'height' | 'variants'>): ImageView {
  const keys = JSON.parse(row.variants) as Record<VariantName, string>;
  const urls = Object.fromEntries(Object.entries(keys).map(([name, key]) => [name, `/media/${key}`])) as Record<VariantName, string>;
  return { id: row.id, width: row.width, height: row.height, urls };
}

/**
 * Processes and stores an uploaded image. The blobs are written before the row, so a row
 * never points at missing bytes; a crash in between leaves only unreferenced files.
 */
export async function saveImage(
  context: MediaContext,
  input: { bytes: Buffer; uploaderId: string; storeId: string; purpose: ImagePurpose },
): Promise<ImageView & { purpose: ImagePurpose }> {
  const processed = await processImage(input.bytes);
  const now_ms = context.clock.now_ms();
  const id = newId('img', now_ms);
  const prefix = PRIVATE_PURPOSES.has(input.purpose) ? `${PRIVATE_PREFIX}/img` : 'img';
  const keys: Partial<Record<VariantName, string>> = {};
  for (const [name, variant] of Object.entries(processed.variants) as [VariantName, (typeof processed.variants)[VariantName]][]) {
    const key = `${prefix}/${id}/${name}.${variant.extension}`;
    await context.blobs.put(key, variant.bytes, variant.contentType);
    keys[name] = key;
  }
  const row: ImagesTable = {
    id,
    uploader_id: input.uploaderId,
    store_id: input.storeId,
    purpose: input.purpose,
    format: processed.format,
    width: processed.width,
    height: processed.height,
    bytes: input.bytes.length,
    variants: JSON.stringify(keys),
    created_at: new Date(now_ms).toISOString(),
  };
  await tables(context.db).insertInto('images').values(row).execute();
  return { ...presentImage(row), purpose: input.purpose };
}

export function findImages(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tables(db).selectFrom('images').selectAll().where('id', 'in', ids).execute();
}

export function findImage(db: Executor, id: string) {
  return tables(db).selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a private blob (a brand document) for someone already authorised to see it. */
export async function readImageBytes(context: MediaContext, row: ImagesTable, variant: VariantName) {
  const keys = JSON.parse(row.variants) as Record<VariantName, string>;
  return context.blobs.get(keys[variant]);
}
