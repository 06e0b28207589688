import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';

/**
 * Where image bytes live. The embedded default is a folder on disk (DATA_DIR/blobs); an
 * S3-compatible store implements the same four calls. Keys are relative paths made by
 * Jishi (`img/img_01J…/thumb.webp`), never by users.
 */
export interface BlobStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
  delete(key: string): Promise<void>;
  readonly description: string;
}

const KEY_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;
const CONTENT_TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export function assertBlobKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.includes('..')) throw new RangeError(`not a blob key: ${key}`);
}

export class DiskBlobStore implements BlobStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `disk:${root}`;
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    const path = normalize(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new RangeError(`blob key escapes the store: ${key}`);
    return path;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch {
      return undefined;
    }
    const extension = path.slice(path.lastIndexOf('.'));
    return { bytes: await readFile(path), contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream' };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
