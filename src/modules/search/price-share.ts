import type { Executor } from '../../kernel/db/database.js';
import { readRows } from '../../kernel/db/prepared.js';
import { cacheScope, ShortCache } from '../../kernel/short-cache.js';

/**
 * How the index's prices spread, from the best-selling documents: where every window starts
 * reading, so the share of a range among them is the share of its matches a window meets.
 * Sorted; read at most once a minute per process (under 6 ms on a million documents).
 */
const SAMPLE = 4000;
const SAMPLE_TTL_MS = 60_000;
const samples = new ShortCache<number[]>(SAMPLE_TTL_MS);

/** Price tokens pay when the range holds at most this share of the documents (decision 0018). */
export const NARROW_PRICE_SHARE = 0.25;

function sampleOf(db: Executor): Promise<number[]> {
  return samples.get(cacheScope(db), 'prices', async () => {
    const rows = await readRows<{ p: number | string }>(
      db,
      `SELECT price_minor AS p FROM search_documents ORDER BY doc_rowid DESC LIMIT ${SAMPLE}`,
      [],
    );
    return rows.map((row) => Number(row.p)).sort((left, right) => left - right);
  });
}

/** How many of the sorted `prices` are below `price` (or at it, with `orAt`). */
function countBelow(prices: readonly number[], price: number, orAt: boolean): number {
  let [low, high] = [0, prices.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    const value = prices[middle] as number;
    if (value < price || (orAt && value === price)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The share of the sorted `prices` within `min`…`max`. */
export function priceShare(prices: readonly number[], min: number, max: number): number {
  if (prices.length === 0) return 0;
  return (countBelow(prices, max, true) - countBelow(prices, min, false)) / prices.length;
}

/** Whether a price range holds few enough of the index's documents for its tokens to pay. */
export async function narrowPrice(db: Executor, price: { min?: number | undefined; max?: number | undefined }): Promise<boolean> {
  return priceShare(await sampleOf(db), price.min ?? 0, price.max ?? Number.POSITIVE_INFINITY) <= NARROW_PRICE_SHARE;
}
