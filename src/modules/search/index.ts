/**
 * The search module's public API: product search in Chinese and English on SQLite FTS5 or
 * PostgreSQL, kept current inside the transactions of catalog and store writes.
 */
import { up } from './migrations/2026112407_search_initial.js';
import { up as upMatch } from './migrations/2026120701_search_match.js';
import { up as upChanges } from './migrations/2026120801_search_changes.js';
import { up as upTiers } from './migrations/2026120802_search_tiers.js';
import { up as upFormat } from './migrations/2026120803_search_format.js';

export { analyze, fold } from './analyzer.js';
export { type IndexDocument, indexDocument } from './document.js';
export { type SearchContext, type SearchThreads, searchHttp } from './http.js';
export { indexProduct, indexStore, type ReindexProgress, reindex } from './indexer.js';
export { type SearchParams, search } from './service.js';
export { suggest } from './suggest.js';

export const searchMigrations = {
  '2026112407_search_initial': { up },
  '2026120701_search_match': { up: upMatch },
  '2026120801_search_changes': { up: upChanges },
  '2026120802_search_tiers': { up: upTiers },
  '2026120803_search_format': { up: upFormat },
};
