import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, type Session, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { TEST_DATABASE_URL } from '../../../test/support/databases.js';
import { salesBucket, salesTokens, tsvectorLiteral } from './document.js';
import { reindex } from './indexer.js';
import { placeTiers, tierCondition, tiersOf } from './tiers.js';

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

  it('places one index per tier below half the catalog, at the row id of its last document', async () => {
    const db = harness.fresh.database.db;
    const tiers = await placeTiers(db, [3, 6, 12, 24]);
    expect(tiers.map((tier) => tier.docs)).toEqual([3, 6, 12]);
    expect(await tiersOf(db)).toEqual(tiers);
    for (const tier of tiers) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_match WHERE doc_rowid >= ${tier.min_rowid}`.execute(
        db,
      );
      expect(rows[0]?.n).toBe(tier.docs);
    }
    const { rows: indexes } = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_match' AND indexname LIKE 'search_match_tier_%' ORDER BY indexname`.execute(
      db,
    );
    expect(indexes.map((index) => index.indexname)).toEqual(['search_match_tier_1', 'search_match_tier_2', 'search_match_tier_3']);
    // Placed again, the old ones go.
    expect((await placeTiers(db, [3])).length).toBe(1);
    const { rows: after } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'search_match' AND indexname LIKE 'search_match_tier_%'`.execute(db);
    expect(after[0]?.n).toBe(1);
  });

  it('answers a query carrying a tier’s condition from that tier’s index', async () => {
    const db = harness.fresh.database.db;
    const [tier] = await placeTiers(db, [3, 6]);
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
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('search_match_tier_1');
    const answer = await harness.app.inject({ method: 'GET', url: '/api/v1/search?q=lamp&sort=sales&limit=2', headers: asSession(owner) });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().items.map((item: { product: { title: string } }) => item.product.title)).toEqual([
      'Lamp number 23',
      'Lamp number 22',
    ]);
  });
});
