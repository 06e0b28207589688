import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SearchThreads } from './http.js';
import { type DocumentValues, type VALUE_COLUMNS, valuesOf } from './values.js';

/** A window's document as the database would answer it, for tests: a phone in CNY unless told otherwise. */
export function documentValues(
  doc_rowid: number,
  overrides: Partial<Record<(typeof VALUE_COLUMNS)[number], string | number>> = {},
): DocumentValues {
  return valuesOf({
    doc_rowid,
    product_id: `prd_${doc_rowid}`,
    store_id: 'sto_1',
    category_id: 'cat_phones',
    store_type: 'individual',
    currency: 'CNY',
    price_minor: 1000,
    price_step: 4,
    in_stock: 1,
    sold_count: 0,
    seq: doc_rowid,
    title_tokens: 'phone',
    title_length: 1,
    ...overrides,
  });
}

/**
 * Search threads for a test app on the given database, running the built thread module
 * (tests run the sources, and a worker thread cannot): `npm test` builds first.
 */
export function builtSearchThreads(database: { databaseUrl?: string | undefined; dataDir: string }, threads: number): SearchThreads {
  const url = new URL('../../../dist/modules/search/thread.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new Error('search threads run the built code: run `npm run build` first (npm test does)');
  return { threads, url, database: { databaseUrl: database.databaseUrl, dataDir: database.dataDir, poolSize: 2 } };
}
