import type sharpModule from 'sharp';
import { AppError } from '../../kernel/errors.js';

/**
 * Image handling for uploads from phones: the type is read from the bytes (never from the
 * file name or the Content-Type a client claims), the size and pixel count are bounded,
 * the EXIF orientation is applied and every metadata block (GPS position, camera serial) is
 * dropped, and WebP variants are made for the three sizes pages use.
 */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MAX_INPUT_PIXELS = 40_000_000;
const MIN_DIMENSION = 16;

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export const VARIANT_WIDTHS = { large: 1600, medium: 800, thumb: 240 } as const;
export type VariantName = keyof typeof VARIANT_WIDTHS | 'original';

/** The format the leading bytes announce, or undefined for anything else. */
export function sniffImageFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

export interface ProcessedImage {
  format: ImageFormat;
  width: number;
  height: number;
  variants: Record<VariantName, { bytes: Buffer; extension: string; contentType: string }>;
}

const CONTENT_TYPES: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

// sharp (libvips) costs ~20 MB and ~70 ms to load: a server that never receives a photo never loads it.
let sharpLoaded: Promise<typeof sharpModule> | undefined;
const loadSharp = () => {
  sharpLoaded ??= import('sharp').then((module) => module.default);
  return sharpLoaded;
};

export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  const sharp = await loadSharp();
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('image_too_large');
  const format = sniffImageFormat(bytes);
  if (!format) throw new AppError('unsupported_image');
  let oriented: sharpModule.Sharp;
  let info: sharpModule.OutputInfo;
  let upright: Buffer;
  try {
    oriented = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    // Re-encoding in the uploaded format applies the orientation and drops all metadata.
    ({ data: upright, info } = await oriented[format]({ quality: 90 }).toBuffer({ resolveWithObject: true }));
  } catch {
    throw new AppError('unsupported_image', { message: 'The file could not be read as an image.' });
  }
  if (info.width < MIN_DIMENSION || info.height < MIN_DIMENSION) {
    throw new AppError('unsupported_image', { message: `Images must be at least ${MIN_DIMENSION}×${MIN_DIMENSION} pixels.` });
  }
  const variants = {
    original: { bytes: upright, extension: EXTENSIONS[format], contentType: CONTENT_TYPES[format] },
  } as ProcessedImage['variants'];
  for (const [name, width] of Object.entries(VARIANT_WIDTHS) as [keyof typeof VARIANT_WIDTHS, number][]) {
    const resized = await sharp(upright).resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    variants[name] = { bytes: resized, extension: 'webp', contentType: 'image/webp' };
  }
  return { format, width: info.width, height: info.height, variants };
}
