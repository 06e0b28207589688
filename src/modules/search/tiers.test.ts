import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asSession, createTestApp, type Session, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { TEST_DATABASE_URL } from '../../../test/support/databases.js';
import { salesBucket, salesTokens, tsvectorLiteral } from './document.js';
import { postgresEngine, setPostgresTiers } from './engine.js';
import { indexProduct, reindex } from './indexer.js';
import { keepTiers, placeTiers, tierCondition, tiersOf } from './tiers.js';

describe('sales buckets and the tokens migration 2026120701 gave', () => {
  it('grow with sales, eight to a doubling', () => {
    expect(salesBucket(0)).toBe(0);
    expect(salesBucket(1)).toBe(8);
    expect(salesBucket(3)).toBe(16);
    expect(salesBucket(1023)).toBe(80);
    for (let sold = 0; sold < 5000; sold += 1) expect(salesBucket(sold + 1)).toBeGreaterThanOrEqual(salesBucket(sold));
    expect(salesTokens(3)).toEqual(['_v16', '_g1', '_g2']);
  });

  it('are no longer written: new PostgreSQL documents hold their words only', () => {
    expect(tsvectorLiteral({ title: ['red'], body: [], facets: [] })).toBe("'red':1A");
  });
});

// PostgreSQL's tiers (decision 0015): partial GIN indexes over the best sellers, placed from
// the catalog; a window query carrying a tier's condition must be answered from that index.
describe.runIf(TEST_DATABASE_URL)('tiers of best sellers on PostgreSQL', () => {
  let harness: TestApp;
  let owner: Session;
  beforeAll(async () => {
    harness = await createTestApp('postgres');
    owner = await signUp(harness.app);
    const store = await openStore(harness.app, owner, { name: 'Tier Shop' });
    for (let index = 0; index < 24; index += 1) {
      await listProduct(harness.app, owner, store.id, { title: `Lamp number ${index}` });
    }
    const db = harness.fresh.database.db;
    // Sales make the row id order: product n sold n.
    const { rows } = await sql<{ id: string }>`SELECT id FROM products ORDER BY created_at, id`.execute(db);
    for (const [index, row] of rows.entries()) await sql`UPDATE products SET sold_count = ${index} WHERE id = ${row.id}`.execute(db);
    await reindex(db);
  });
  afterAll(() => harness?.close());

  const tierIndexes = async () =>
    (
      await sql<{ indexname: string }>`
        SELECT indexname FROM pg_indexes WHERE tablename = 'search_match' AND indexname LIKE 'search_match_tier_%' ORDER BY indexname`.execute(
        harness.fresh.database.db,
      )
    ).rows.map((row) => row.indexname);
  const listed = async () =>
    (await sql<{ index_name: string }>`SELECT index_name FROM search_tiers ORDER BY docs`.execute(harness.fresh.database.db)).rows.map(
      (row) => row.index_name,
    );

  it('places one index per tier below half the catalog, at the row id of its last document', async () => {
    const db = harness.fresh.database.db;
    const tiers = await placeTiers(db, { sizes: [3, 6, 12, 24] });
    expect(tiers.map((tier) => tier.docs)).toEqual([3, 6, 12]);
    expect(await tiersOf(db)).toEqual(tiers);
    for (const tier of tiers) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_match WHERE doc_rowid >= ${tier.min_rowid}`.execute(
        db,
      );
      expect(rows[0]?.n).toBe(tier.docs);
    }
    expect((await tierIndexes()).sort()).toEqual((await listed()).sort());
    expect(await tierIndexes()).toHaveLength(3);
    // Placed again, the old ones go.
    expect((await placeTiers(db, { sizes: [3] })).length).toBe(1);
    expect(await tierIndexes()).toEqual(await listed());
    expect(await tierIndexes()).toHaveLength(1);
  });

  it('answers a query carrying a tier’s condition from that tier’s index', async () => {
    const db = harness.fresh.database.db;
    // Sizes far enough apart that the planner tells the two indexes apart by size, as it does at scale.
    const [tier] = await placeTiers(db, { sizes: [3, 12] });
    if (!tier) throw new Error('no tier');
    // A table this small is read whole unless told otherwise; a large one never is.
    const plan = await db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      return sql
        .raw<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT d.doc_rowid FROM search_match d WHERE d.tsv @@ 'lamp'::tsquery AND ${tierCondition(tier)} ORDER BY d.doc_rowid + 0 DESC LIMIT 400`,
        )
        .execute(tx);
    });
    const [smallest] = await listed();
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(`Bitmap Index Scan on ${smallest}`);
    const answer = await harness.app.inject({ method: 'GET', url: '/api/v1/search?q=lamp&sort=sales&limit=2', headers: asSession(owner) });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().items.map((item: { product: { title: string } }) => item.product.title)).toEqual([
      'Lamp number 23',
      'Lamp number 22',
    ]);
  });

  it('starts the next walk for the same words where the last one ended, with the same window', async () => {
    const db = harness.fresh.database.db;
    await placeTiers(db, { sizes: [3, 6, 12] });
    const statements = vi.spyOn(db, 'executeQuery');
    const windowOf = async (text: string, limit: number, before?: number) => {
      statements.mockClear();
      const clauses = text
        .split(' ')
        .map((word) => ({ clause: { kind: 'word' as const, text: word, prefix: false }, alternatives: [[word]] }));
      const found = await postgresEngine.window(db, { clauses, filters: [], before }, limit);
      return {
        rowids: found.map((values) => values.doc_rowid),
        windows: statements.mock.calls.filter(([query]) => 'sql' in query && query.sql.includes('FROM search_match d WHERE')).length,
      };
    };
    try {
      // 24 lamps, 8 wanted: the tiers of 3, 6 and 12 in turn, the last holding the window.
      const first = await windowOf('lamp', 8);
      expect(first.windows).toBe(3);
      expect(first.rowids).toHaveLength(8);
      const again = await windowOf('lamp', 8);
      expect(again).toEqual({ rowids: first.rowids, windows: 1 });
      // Without tiers, the same window.
      const previous = setPostgresTiers(false);
      expect((await windowOf('lamp', 8)).rowids).toEqual(first.rowids);
      setPostgresTiers(previous);
      // One lamp of 24: the tiers, then the whole index; the next search goes straight there.
      const rare = await windowOf('lamp 5', 8);
      expect(rare.windows).toBeGreaterThan(1);
      expect(rare.rowids).toHaveLength(1);
      expect(await windowOf('lamp 5', 8)).toEqual({ rowids: rare.rowids, windows: 1 });
      // A cursor's walk starts from the smallest tier as before.
      const below = first.rowids[3] as number;
      const next = await windowOf('lamp', 8, below);
      expect(next.rowids).toEqual([...(await windowOf('lamp', 24)).rowids].filter((rowid) => rowid < below).slice(0, 8));
    } finally {
      statements.mockRestore();
    }
  });

  it('places them again online once sales moved them, and drops the old indexes at the next look', async () => {
    const db = harness.fresh.database.db;
    await placeTiers(db, { sizes: [3, 6] });
    const placed = await listed();
    expect(await keepTiers(db, [3, 6])).toBe(false);
    // Twelve of the worst sellers become the best: the tiers, placed for 3 and 6, now hold 15 and 18.
    const { rows } = await sql<{ id: string }>`SELECT id FROM products ORDER BY sold_count LIMIT 12`.execute(db);
    for (const [index, row] of rows.entries()) {
      await sql`UPDATE products SET sold_count = ${1000 + index} WHERE id = ${row.id}`.execute(db);
      await indexProduct(db, row.id);
    }
    expect(await keepTiers(db, [3, 6])).toBe(true);
    const replaced = await listed();
    expect(replaced).toHaveLength(2);
    expect(replaced.some((name) => placed.includes(name))).toBe(false);
    // The replaced indexes serve until the next look, which drops them.
    expect(await tierIndexes()).toEqual([...placed, ...replaced].sort());
    expect(await keepTiers(db, [3, 6])).toBe(false);
    expect(await tierIndexes()).toEqual([...replaced].sort());
    for (const tier of await tiersOf(db)) {
      const { rows: held } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM search_match WHERE doc_rowid >= ${tier.min_rowid}`.execute(db);
      expect(held[0]?.n).toBe(tier.docs);
    }
  });
});
