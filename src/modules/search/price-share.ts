import type { Executor } from '../../kernel/db/database.js';
import { readRows } from '../../kernel/db/prepared.js';
import { ShortCache } from '../../kernel/short-cache.js';

/**
 * PostgreSQL's own statistics of the index's prices (`pg_stats` of `search_match.price_minor`,
 * kept by ANALYZE): the most common prices with their shares, and bounds cutting the others
 * into equal shares. Read at most once a minute per process.
 */
interface PriceStats {
  common: { price: number; share: number }[];
  /** Bounds of equal-share bins over the prices that are not among the common ones. */
  bounds: number[];
}

const STATS_TTL_MS = 60_000;
const stats = new ShortCache<PriceStats | null>(STATS_TTL_MS);

/** Price tokens pay on PostgreSQL when the range holds at most this share of the index. */
export const NARROW_PRICE_SHARE = 0.25;

function readStats(db: Executor): Promise<PriceStats | null> {
  return stats.get(db.getExecutor().adapter, 'price', async () => {
    const [row] = await readRows<{ vals: string | null; freqs: number[] | null; bounds: string | null }>(
      db,
      `SELECT most_common_vals::text AS vals, most_common_freqs AS freqs, histogram_bounds::text AS bounds
         FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'search_match' AND attname = 'price_minor'`,
      [],
    );
    if (!row) return null;
    const numbers = (text: string | null) => (text ? text.slice(1, -1).split(',').filter(Boolean).map(Number) : []);
    const prices = numbers(row.vals);
    return {
      common: prices.map((price, index) => ({ price, share: Number(row.freqs?.[index] ?? 0) })),
      bounds: numbers(row.bounds),
    };
  });
}

/** The share of the index priced within `min`…`max`, from its statistics (decision 0018). */
export function priceShare(found: PriceStats, min: number, max: number): number {
  const commonShare = found.common.reduce((sum, entry) => sum + entry.share, 0);
  const inCommon = found.common.filter((entry) => entry.price >= min && entry.price <= max).reduce((sum, entry) => sum + entry.share, 0);
  const { bounds } = found;
  if (bounds.length < 2) return inCommon;
  // Where a price falls among the bins, from 0 (below all) to 1 (above all), straight between bounds.
  const position = (price: number) => {
    if (price <= (bounds[0] as number)) return 0;
    if (price >= (bounds[bounds.length - 1] as number)) return 1;
    let bin = 0;
    while ((bounds[bin + 1] as number) <= price) bin += 1;
    const [from, to] = [bounds[bin] as number, bounds[bin + 1] as number];
    return (bin + (price - from) / (to - from)) / (bounds.length - 1);
  };
  return inCommon + (1 - commonShare) * (position(max) - position(min));
}

/**
 * Whether a price range holds few enough of the index's products for its tokens to pay. An
 * index without statistics yet (a new one, not yet analyzed) is small: the tokens cost little.
 */
export async function narrowPrice(db: Executor, price: { min?: number | undefined; max?: number | undefined }): Promise<boolean> {
  const found = await readStats(db);
  if (!found) return true;
  return priceShare(found, price.min ?? 0, price.max ?? Number.POSITIVE_INFINITY) <= NARROW_PRICE_SHARE;
}
