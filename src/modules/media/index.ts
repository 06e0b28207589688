/**
 * The media module's public API. It owns uploaded images: checking, orienting and
 * stripping them, making WebP variants, keeping the bytes in the blob store and serving
 * the public ones at /media/….
 */
import { up } from './migrations/2026112402_media_initial.js';

export { mediaHttp } from './http.js';
export { MAX_IMAGE_BYTES, sniffImageFormat } from './process-image.js';
export type { ImagePurpose } from './schema.js';
export type { ImageView, MediaContext } from './service.js';
export { findImage, findImages, presentImage, readImageBytes, saveImage } from './service.js';

export const mediaMigrations = { '2026112402_media_initial': { up } };
