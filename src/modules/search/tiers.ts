import { CompiledQuery } from 'kysely';
import { dialectOf, type Executor } from '../../kernel/db/database.js';

/**
 * PostgreSQL's tiers (decision 0015): partial GIN indexes over the best sellers only, each
 * about four times the one before. A GIN index answers a query by decoding every posting list
 * it names, whatever part of it the search wants; a tier's lists hold its documents only, so
 * a window found among the best 4,000 decodes a thousandth of what the whole index would.
 *
 * A tier is "row id at least `min_rowid`", written `doc_rowid + 0 >= <min_rowid>`: the
 * expression keeps the primary key out of the plan, and a query carrying the same condition
 * (the same literal) is answered from that index alone. Tiers are placed from the catalog when
 * the index is built or rebuilt (`jishi search reindex`); as sales move, a tier holds more or
 * fewer documents than it was made for, never wrong ones, since the condition is the query's
 * own.
 */
export interface Tier {
  /** The lowest row id in the tier. */
  min_rowid: number;
  /** How many documents the tier held when it was placed. */
  docs: number;
}

/** The tiers' sizes, in documents: each four times the one before. */
export const TIER_DOCS = [1_000, 4_000, 16_000, 64_000, 256_000];
/** A tier holding more than this share of the catalog would save little over the whole index. */
const MAX_TIER_SHARE = 0.5;

const exec = (db: Executor, text: string, parameters: unknown[] = []) => db.executeQuery(CompiledQuery.raw(text, parameters));

/** One per process: a server serves one database; stale tiers only make a stage slower, never wrong. */
let known: { tiers: Tier[]; read_at: number; scope: object } | undefined;
const TIERS_TTL_MS = 60_000;

/** The tiers in place, smallest first; read at most once a minute per process. */
export async function tiersOf(db: Executor): Promise<Tier[]> {
  const scope = db.getExecutor().adapter;
  if (known && known.scope === scope && Date.now() - known.read_at < TIERS_TTL_MS) return known.tiers;
  const { rows } = await exec(db, 'SELECT min_rowid, docs FROM search_tiers ORDER BY docs');
  const tiers = (rows as { min_rowid: string | number; docs: number }[]).map((row) => ({
    min_rowid: Number(row.min_rowid),
    docs: Number(row.docs),
  }));
  known = { tiers, read_at: Date.now(), scope };
  return tiers;
}

/** The condition (and index predicate) of a tier: a literal, so the planner matches it to the index. */
export function tierCondition(tier: Tier): string {
  return `d.doc_rowid + 0 >= ${Math.trunc(tier.min_rowid)}`;
}

/**
 * Places the tiers for the catalog as it is now: drops the old ones and builds a partial index
 * for each size below half the catalog (`sizes`: tests use tiny ones). PostgreSQL only.
 */
export async function placeTiers(db: Executor, sizes: readonly number[] = TIER_DOCS): Promise<Tier[]> {
  if (dialectOf(db) !== 'postgres') return [];
  const { rows: counted } = await exec(db, 'SELECT count(*)::int AS n FROM search_match');
  const total = Number((counted[0] as { n: number } | undefined)?.n ?? 0);
  const tiers: Tier[] = [];
  for (const docs of sizes) {
    if (docs > total * MAX_TIER_SHARE) break;
    const { rows } = await exec(db, 'SELECT doc_rowid FROM search_match ORDER BY doc_rowid DESC OFFSET $1 LIMIT 1', [docs - 1]);
    const row = rows[0] as { doc_rowid: string | number } | undefined;
    if (row) tiers.push({ min_rowid: Number(row.doc_rowid), docs });
  }
  await dropTiers(db);
  for (const [index, tier] of tiers.entries()) {
    await exec(
      db,
      `CREATE INDEX search_match_tier_${index + 1} ON search_match USING gin (tsv) WHERE ${tierCondition(tier).replaceAll('d.', '')}`,
    );
    await exec(db, 'INSERT INTO search_tiers (min_rowid, docs) VALUES ($1, $2)', [tier.min_rowid, tier.docs]);
  }
  // The planner's row estimates for a tier's condition come from these statistics.
  await exec(db, 'ANALYZE search_match');
  known = undefined;
  return tiers;
}

/** Drops the tiers (a bulk load builds them again at its end, rather than keeping them up row by row). */
export async function dropTiers(db: Executor): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const { rows } = await exec(
    db,
    "SELECT indexname FROM pg_indexes WHERE tablename = 'search_match' AND indexname LIKE 'search_match_tier_%'",
  );
  for (const { indexname } of rows as { indexname: string }[]) await exec(db, `DROP INDEX IF EXISTS ${indexname}`);
  await exec(db, 'DELETE FROM search_tiers');
  known = undefined;
}

/** Forgets the tiers this process read (tests place new ones). */
export function forgetTiers(): void {
  known = undefined;
}
