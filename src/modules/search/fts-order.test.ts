import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, type Session, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { pagePositions } from '../../../test/support/search.js';
import { type FtsSign, setNewSqliteIndexSign } from './sqlite-index.js';

/**
 * SQLite's text index stores documents' row ids negated, read ascending (engine.ts); an index
 * built before keeps them as they are and is read descending until rebuilt. Both kinds, side
 * by side through the real app, answer the same searches, pages and filters, and keep their
 * own kind through updates and removals.
 */
describe('SQLite text indexes old and new', () => {
  const LISTINGS = Array.from({ length: 14 }, (_, index) => ({
    title: `${index % 2 ? '红色' : 'Red'} phone case 手机壳 ${index}`,
    price_minor: 990 + index * 500,
    stock: index % 3 === 0 ? 0 : 5,
    category_id: index % 4 === 0 ? 'cat_chargers' : 'cat_phone-cases',
  }));
  const kinds: { sign: FtsSign; harness?: TestApp; owner?: Session; ids: string[] }[] = [
    { sign: 1, ids: [] },
    { sign: -1, ids: [] },
  ];

  beforeAll(async () => {
    for (const kind of kinds) {
      const harness = await createTestApp('sqlite');
      const owner = await signUp(harness.app);
      const storeId = (await openStore(harness.app, owner, { name: 'Order Shop' })).id;
      const previous = setNewSqliteIndexSign(kind.sign);
      try {
        for (const [index, listing] of LISTINGS.entries()) {
          const { price_minor, stock, ...rest } = listing;
          const product = await listProduct(harness.app, owner, storeId, {
            ...rest,
            options: [],
            skus: [{ options: [], price_minor, stock, weight_g: 100 }],
          });
          kind.ids.push(product.id);
          // The index's kind is fixed by its first document: the setting goes back at once.
          if (index === 0) setNewSqliteIndexSign(previous);
        }
      } finally {
        setNewSqliteIndexSign(previous);
      }
      Object.assign(kind, { harness, owner });
    }
  });
  afterAll(async () => {
    for (const kind of kinds) await kind.harness?.close();
  });

  const signs = async (kind: (typeof kinds)[number]) => {
    const rows = await sql<{ r: number }>`SELECT rowid AS r FROM search_fts`.execute(kind.harness?.fresh.database.db as never);
    return new Set(rows.rows.map((row) => Math.sign(row.r)));
  };
  const pages = (kind: (typeof kinds)[number], query: Record<string, string>) =>
    pagePositions(kind.harness?.app as TestApp['app'], kind.ids, query);
  const QUERIES: Record<string, string>[] = [
    { q: 'phone case' },
    { q: '手机壳', sort: 'sales' },
    { q: 'red', in_stock: 'true' },
    { q: 'case', price_min: '2000', price_max: '5000', sort: 'price_asc' },
    { q: '手机壳', category: 'cat_phone-cases', sort: 'newest' },
  ];

  it('stores row ids as each index was built', async () => {
    expect(await signs(kinds[0] as (typeof kinds)[number])).toEqual(new Set([1]));
    expect(await signs(kinds[1] as (typeof kinds)[number])).toEqual(new Set([-1]));
  });

  it('answers the same pages from both', async () => {
    for (const query of QUERIES) {
      const [old = [], fresh = []] = await Promise.all(kinds.map((kind) => pages(kind, query)));
      expect(old.length, JSON.stringify(query)).toBeGreaterThan(3);
      expect(old, JSON.stringify(query)).toEqual(fresh);
    }
  });

  it('keeps each index’s kind through an update and a removal', async () => {
    for (const kind of kinds) {
      const inject = kind.harness?.app.inject.bind(kind.harness.app) as TestApp['app']['inject'];
      const headers = asSession(kind.owner as Session);
      const renamed = await inject({
        method: 'PATCH',
        url: `/api/v1/products/${kind.ids[5]}`,
        headers,
        payload: { title: 'Blue teapot 茶壶' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const delisted = await inject({ method: 'PATCH', url: `/api/v1/products/${kind.ids[6]}`, headers, payload: { status: 'delisted' } });
      expect(delisted.statusCode, delisted.body).toBe(200);
      expect(await signs(kind)).toEqual(new Set([kind.sign]));
      const teapot = (await inject({ method: 'GET', url: '/api/v1/search', query: { q: 'teapot' } })).json() as {
        items: { product: { id: string } }[];
      };
      expect(teapot.items.map((item) => item.product.id)).toEqual([kind.ids[5]]);
    }
    for (const query of QUERIES) {
      const [old = [], fresh = []] = await Promise.all(kinds.map((kind) => pages(kind, query)));
      expect(old, JSON.stringify(query)).toEqual(fresh);
      expect(old).not.toContain(6);
    }
  });
});
