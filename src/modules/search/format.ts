import { CompiledQuery } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { readRows } from '../../kernel/db/prepared.js';
import { cacheScope, ShortCache } from '../../kernel/short-cache.js';

/**
 * What the index's documents carry (decision 0018). Format 2: price tokens at three widths,
 * so a narrow price range narrows the text index's own matches. Format 1, an index built
 * before: only the √2-wide ones, matched for a range of at most three of them.
 *
 * An index is marked with format 2 when the migration found it empty, or once a reindex has
 * written every document again. Every write writes format 2 documents, which a format 1
 * index reads correctly (it ignores the tokens); only the mark lets searches rely on them.
 */
export const INDEX_FORMAT = 2;

let writtenFormat = INDEX_FORMAT;

/** The format documents are written in: this version's, unless a test writes an index as an older one did. */
export function documentFormat(): number {
  return writtenFormat;
}

/** Tests write documents as an older version did; answers the previous setting. */
export function setDocumentFormat(format: number): number {
  const previous = writtenFormat;
  writtenFormat = format;
  return previous;
}

/** Read at most once a minute per process: a process still reading format 1 answers the same, only slower. */
const FORMAT_TTL_MS = 60_000;
const formats = new ShortCache<number>(FORMAT_TTL_MS);

export function indexFormat(db: Executor): Promise<number> {
  return formats.get(cacheScope(db), 'format', async () => {
    const [row] = await readRows<{ format: number }>(db, 'SELECT format FROM search_format', []);
    return Number(row?.format ?? 1);
  });
}

/** Marks the index as written in `format` (a reindex has rewritten every document). */
export async function markIndexFormat(db: Executor, format: number = INDEX_FORMAT): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(`UPDATE search_format SET format = ${Math.trunc(format)}`, []));
  formats.forget(cacheScope(db), 'format');
}

/** Forgets this process's reading of the mark (tests change it under a running app). */
export function forgetIndexFormat(db: Executor): void {
  formats.forget(cacheScope(db), 'format');
}
