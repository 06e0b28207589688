import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { dialects } from '../../../test/support/databases.js';
import { pagePositions } from '../../../test/support/search.js';
import { priceCover, priceLevelTokens } from './document.js';
import { forgetIndexFormat, INDEX_FORMAT, indexFormat, markIndexFormat, setDocumentFormat } from './format.js';
import { reindex } from './indexer.js';
import { up as upFormat } from './migrations/2026120803_search_format.js';
import { priceShare } from './price-share.js';

describe('price tokens', () => {
  it('cover a range of buckets with the fewest aligned runs', () => {
    expect(priceCover(0, 25)).toEqual(['_r0', '_q4', '_q5', '_p24', '_p25']);
    expect(priceCover(20, 30)).toEqual(['_q5', '_q6', '_p28', '_p29', '_p30']);
    expect(priceCover(7, 7)).toEqual(['_p7']);
    expect(priceCover(16, 31)).toEqual(['_r1']);
  });

  it('match a document exactly when its bucket is in the range', () => {
    fc.assert(
      fc.property(fc.nat(80), fc.nat(80), fc.nat(90), (a, b, bucket) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const cover = new Set(priceCover(low, high));
        const matched = priceLevelTokens(bucket).some((token) => cover.has(token));
        expect(matched).toBe(low <= bucket && bucket <= high);
        // At most three of each width at either end, and the widest runs between.
        expect(cover.size).toBeLessThanOrEqual(6 + 6 + Math.ceil((high - low + 1) / 16));
      }),
    );
  });
});

/**
 * An index written before stock and price tokens (format 1) answers stock and price filters
 * from each match's row, and the same as a new one; a reindex writes it again and marks it.
 */
describe.each(dialects)('index formats on %s', (dialect) => {
  const LISTINGS = Array.from({ length: 16 }, (_, index) => ({
    title: `${index % 2 ? '红色' : 'Red'} phone case 手机壳 ${index}`,
    price_minor: 300 + index * index * 400,
    stock: index % 3 === 0 ? 0 : 5,
  }));
  const apps: { format: number; harness?: TestApp; ids: string[] }[] = [
    { format: 1, ids: [] },
    { format: INDEX_FORMAT, ids: [] },
  ];
  const db = (app: (typeof apps)[number]) => app.harness?.fresh.database.db as NonNullable<TestApp['fresh']>['database']['db'];

  beforeAll(async () => {
    for (const app of apps) {
      const harness = await createTestApp(dialect);
      const owner = await signUp(harness.app);
      const storeId = (await openStore(harness.app, owner, { name: 'Format Shop' })).id;
      const previous = setDocumentFormat(app.format);
      try {
        for (const listing of LISTINGS) {
          const { price_minor, stock, title } = listing;
          const product = await listProduct(harness.app, owner, storeId, {
            title,
            options: [],
            skus: [{ options: [], price_minor, stock, weight_g: 100 }],
          });
          app.ids.push(product.id);
        }
      } finally {
        setDocumentFormat(previous);
      }
      Object.assign(app, { harness });
      await markIndexFormat(db(app), app.format);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.harness?.close();
  });

  const pages = (app: (typeof apps)[number], query: Record<string, string>) =>
    pagePositions(app.harness?.app as TestApp['app'], app.ids, query);
  const QUERIES: Record<string, string>[] = [
    { q: 'phone case', in_stock: 'true' },
    { in_stock: 'true', sort: 'price_asc' },
    { q: '手机壳', price_max: '5000', sort: 'sales' },
    { q: 'case', price_min: '2000', price_max: '40000', in_stock: 'true', sort: 'price_desc' },
    { price_min: '1000', price_max: '1000000', sort: 'newest' },
    { q: 'red', price_min: '50000' },
  ];
  const expected = (query: Record<string, string>) =>
    LISTINGS.flatMap((listing, index) => {
      const text = !query.q || listing.title.toLowerCase().includes(query.q.split(' ')[0] as string);
      const stock = query.in_stock !== 'true' || listing.stock > 0;
      const price = listing.price_minor >= Number(query.price_min ?? 0) && listing.price_minor <= Number(query.price_max ?? Infinity);
      return text && stock && price ? [index] : [];
    });

  it('each format finds exactly the listings that pass the filters, and both the same pages', async () => {
    for (const query of QUERIES) {
      const [old, current] = [await pages(apps[0] as (typeof apps)[number], query), await pages(apps[1] as (typeof apps)[number], query)];
      expect(
        [...old].sort((a, b) => a - b),
        JSON.stringify(query),
      ).toEqual(expected(query));
      expect(current, JSON.stringify(query)).toEqual(old);
    }
  });

  it('is marked by its migration: 1 when documents were there before, 2 when none were', async () => {
    const formatAfterMigration = async (database: ReturnType<typeof db>) => {
      await sql`DROP TABLE search_format`.execute(database);
      await upFormat(database as never);
      return (await sql<{ format: number }>`SELECT format FROM search_format`.execute(database)).rows[0]?.format;
    };
    const old = apps[0] as (typeof apps)[number];
    expect(await formatAfterMigration(db(old))).toBe(1);
    const empty = await createTestApp(dialect);
    try {
      expect(await formatAfterMigration(empty.fresh.database.db)).toBe(2);
    } finally {
      await empty.close();
    }
  });

  it('reads the mark as the migration or the test set it', async () => {
    for (const app of apps) expect(await indexFormat(db(app))).toBe(app.format);
  });

  it('a reindex writes an old index again and marks it, answering the same', async () => {
    const old = apps[0] as (typeof apps)[number];
    const before = await Promise.all(QUERIES.map((query) => pages(old, query)));
    await reindex(db(old));
    forgetIndexFormat(db(old));
    expect(await indexFormat(db(old))).toBe(INDEX_FORMAT);
    if (dialect === 'postgres') {
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM search_match WHERE tsv @@ '_r0 | _r1 | _r2'::tsquery`.execute(db(old));
      expect(rows[0]?.n).toBe(LISTINGS.length);
    }
    expect(await Promise.all(QUERIES.map((query) => pages(old, query)))).toEqual(before);
  });
});

describe('the share of prices in a range', () => {
  it('counts the sample’s prices within the bounds, both included', () => {
    const prices = [100, 500, 500, 900, 1000, 2000, 5000, 9900, 9900, 20000];
    expect(priceShare(prices, 0, Number.POSITIVE_INFINITY)).toBe(1);
    expect(priceShare(prices, 500, 900)).toBeCloseTo(0.3);
    expect(priceShare(prices, 9900, 9900)).toBeCloseTo(0.2);
    expect(priceShare(prices, 501, 899)).toBe(0);
    expect(priceShare(prices, 30000, 40000)).toBe(0);
    expect(priceShare([], 0, 100)).toBe(0);
  });
});
