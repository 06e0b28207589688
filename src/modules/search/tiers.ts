import { CompiledQuery } from 'kysely';
import { dialectOf, type Executor } from '../../kernel/db/database.js';
import { cacheScope, ShortCache } from '../../kernel/short-cache.js';

/**
 * PostgreSQL's tiers (decision 0015): partial GIN indexes over the best sellers only, each
 * twice the one before. A GIN index answers a query by decoding every posting list
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

/**
 * The tiers' sizes, in documents: each twice the one before. A window is found in the first
 * tier holding 400 matches, and reads all of that tier's matches: with tiers four times apart
 * (as first placed) it read 950–1,400 rows for 400; twice apart, a search of the benchmark's
 * mix takes ~12 % less, for 1.5 times the tiers' index space (decision 0018).
 */
export const TIER_DOCS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000];
/** A tier holding more than this share of the catalog would save little over the whole index. */
const MAX_TIER_SHARE = 0.5;

const exec = (db: Executor, text: string, parameters: unknown[] = []) => db.executeQuery(CompiledQuery.raw(text, parameters));

/** Per process and database; stale tiers only make a window slower to find, never wrong. */
const TIERS_TTL_MS = 60_000;
const placed = new ShortCache<Tier[]>(TIERS_TTL_MS);

/** The tiers in place, smallest first; read at most once a minute per process. */
export function tiersOf(db: Executor): Promise<Tier[]> {
  return placed.get(cacheScope(db), 'tiers', async () => {
    const { rows } = await exec(db, 'SELECT min_rowid, docs FROM search_tiers ORDER BY docs');
    return (rows as { min_rowid: string | number; docs: number }[]).map((row) => ({
      min_rowid: Number(row.min_rowid),
      docs: Number(row.docs),
    }));
  });
}

/** The condition (and index predicate) of a tier: a literal, so the planner matches it to the index. */
export function tierCondition(tier: Tier): string {
  return `d.doc_rowid + 0 >= ${Math.trunc(tier.min_rowid)}`;
}

/** The tiers the catalog has room for: for each size up to half the catalog, the row id of its last document. */
async function plannedTiers(db: Executor, sizes: readonly number[]): Promise<Tier[]> {
  const { rows: counted } = await exec(db, 'SELECT count(*)::int AS n FROM search_match');
  const total = Number((counted[0] as { n: number } | undefined)?.n ?? 0);
  const tiers: Tier[] = [];
  for (const docs of sizes) {
    if (docs > total * MAX_TIER_SHARE) break;
    const { rows } = await exec(db, 'SELECT doc_rowid FROM search_match ORDER BY doc_rowid DESC OFFSET $1 LIMIT 1', [docs - 1]);
    const row = rows[0] as { doc_rowid: string | number } | undefined;
    if (row) tiers.push({ min_rowid: Number(row.doc_rowid), docs });
  }
  return tiers;
}

export interface PlaceOptions {
  /** The tiers' sizes (tests use tiny ones). */
  sizes?: readonly number[];
  /**
   * Without stopping writes: the indexes are built CONCURRENTLY (not inside a transaction),
   * and the ones they replace are left for the next `keepTiers` to drop, once every process
   * has read the new tiers.
   */
  online?: boolean;
}

/**
 * Places the tiers for the catalog as it is now: builds a partial index for each, under names
 * new to this placing, so the old ones serve until `search_tiers` switches to the new ones in
 * one statement; then drops the indexes it no longer lists. PostgreSQL only.
 */
export async function placeTiers(db: Executor, options: PlaceOptions = {}): Promise<Tier[]> {
  if (dialectOf(db) !== 'postgres') return [];
  const tiers = await plannedTiers(db, options.sizes ?? TIER_DOCS);
  const placing = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const names = tiers.map((_, index) => `search_match_tier_${placing}_${index + 1}`);
  for (const [index, tier] of tiers.entries()) {
    const predicate = tierCondition(tier).replaceAll('d.', '');
    await exec(
      db,
      `CREATE INDEX ${options.online ? 'CONCURRENTLY ' : ''}${names[index]} ON search_match USING gin (tsv) WHERE ${predicate}`,
    );
  }
  // One statement: the old rows go and the new ones (new names, so no key is taken twice) come.
  await exec(
    db,
    'WITH gone AS (DELETE FROM search_tiers) INSERT INTO search_tiers (docs, min_rowid, index_name) SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[])',
    [tiers.map((tier) => tier.docs), tiers.map((tier) => tier.min_rowid), names],
  );
  if (!options.online) await dropUnlisted(db, false);
  placed.forget(cacheScope(db), 'tiers');
  return tiers;
}

/** Drops the tier indexes `search_tiers` does not list: replaced ones, or a concurrent build that failed. */
async function dropUnlisted(db: Executor, concurrently: boolean): Promise<void> {
  const { rows } = await exec(
    db,
    `SELECT i.indexname FROM pg_indexes i WHERE i.tablename = 'search_match' AND i.indexname LIKE 'search_match_tier_%'
       AND NOT EXISTS (SELECT 1 FROM search_tiers t WHERE t.index_name = i.indexname)`,
  );
  for (const { indexname } of rows as { indexname: string }[]) {
    await exec(db, `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS ${indexname}`);
  }
}

/** Drops the tiers (a bulk load builds them again at its end, rather than keeping them up row by row). */
export async function dropTiers(db: Executor): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await exec(db, 'DELETE FROM search_tiers');
  await dropUnlisted(db, false);
  placed.forget(cacheScope(db), 'tiers');
}

/** A tier holding this many times more, or fewer, documents than it was placed for has drifted. */
const DRIFT = 2;
/** Any fixed number: the advisory lock that lets one process at a time keep the tiers. */
const KEEP_TIERS_LOCK = 4_152_015;

/** Whether the catalog now wants other tiers than those in place, or a tier holds far more or fewer documents than it was placed for. */
async function drifted(db: Executor, sizes: readonly number[]): Promise<boolean> {
  const { rows } = await exec(db, 'SELECT min_rowid, docs FROM search_tiers ORDER BY docs');
  const current = rows as { min_rowid: string | number; docs: number }[];
  if (current.length !== (await plannedTiers(db, sizes)).length) return true;
  for (const tier of current) {
    const { rows: held } = await exec(
      db,
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM search_match WHERE doc_rowid >= $1 LIMIT $2) AS tier',
      [tier.min_rowid, tier.docs * DRIFT + 1],
    );
    const n = Number((held[0] as { n: number } | undefined)?.n ?? 0);
    if (n > tier.docs * DRIFT || n < tier.docs / DRIFT) return true;
  }
  return false;
}

/**
 * Keeps the tiers near their sizes as sales move (decision 0015): drops the indexes the last
 * placing replaced, and places the tiers again, online, when they have drifted. One process at
 * a time (an advisory lock on one connection). PostgreSQL only; answers whether it placed them.
 */
export async function keepTiers(db: Executor, sizes: readonly number[] = TIER_DOCS): Promise<boolean> {
  if (dialectOf(db) !== 'postgres') return false;
  return db.connection().execute(async (connection) => {
    const { rows } = await exec(connection, 'SELECT pg_try_advisory_lock($1) AS locked', [KEEP_TIERS_LOCK]);
    if (!(rows[0] as { locked: boolean } | undefined)?.locked) return false;
    try {
      await dropUnlisted(connection, true);
      if (!(await drifted(connection, sizes))) return false;
      await placeTiers(connection, { sizes, online: true });
      return true;
    } finally {
      await exec(connection, 'SELECT pg_advisory_unlock($1)', [KEEP_TIERS_LOCK]);
    }
  });
}
