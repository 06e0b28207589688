import type { Executor } from '../../kernel/db/database.js';
import { cacheScope, ShortCache } from '../../kernel/short-cache.js';
import { cardsByIds } from '../catalog/index.js';
import { summaries } from '../stores/index.js';
import { highlight } from './highlight.js';
import type { ResolvedClause } from './query.js';
import { type DocumentValues, valueCacheOf } from './values.js';

// A search page's items: the products' cards and their stores' summaries, with highlights.

/**
 * The page's items as JSON text: cards and store summaries are kept as JSON by their modules,
 * so they are spliced in as they are instead of being parsed and serialized again. Cards come
 * from the value cache where it holds them with the very values the window found (values.ts),
 * the rest from the catalog in one read.
 */
export async function present(db: Executor, page: readonly DocumentValues[], clauses: readonly ResolvedClause[]): Promise<string[]> {
  const cache = valueCacheOf(db);
  const cards = page.map((candidate) => cache.card(candidate));
  const missing = page.filter((_, index) => cards[index] === undefined);
  if (missing.length > 0) {
    const read = new Map(
      (
        await cardsByIds(
          db,
          missing.map((candidate) => candidate.product_id),
        )
      ).map((row) => [row.id, { title: row.title, json: row.card_json }]),
    );
    page.forEach((candidate, index) => {
      if (cards[index] !== undefined) return;
      const card = read.get(candidate.product_id);
      if (card) cache.putCard(candidate, card);
      cards[index] = card;
    });
  }
  const stores = await storeSummaries(
    db,
    page.map((candidate) => candidate.store_id),
  );
  return page.flatMap((candidate, index) => {
    const card = cards[index];
    if (!card) return [];
    return [
      `{"product":${card.json},"store":${stores.get(candidate.store_id) ?? 'null'},"title_highlight":${JSON.stringify(highlight(card.title, clauses))}}`,
    ];
  });
}

/**
 * Store summaries (the stores module's JSON) as results show them: kept a second per process,
 * so a page names its stores from memory. A store's name, logo or followers changed show in
 * results within that second, as a catalog write shows in the index.
 */
const SUMMARY_TTL_MS = 1000;
const summaryCache = new ShortCache<string | null>(SUMMARY_TTL_MS);

async function storeSummaries(db: Executor, storeIds: readonly string[]): Promise<Map<string, string | null>> {
  return summaryCache.getMany(cacheScope(db), new Set(storeIds), (missing) => summaries(db, missing), null);
}
