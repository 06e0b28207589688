import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, secondInstance, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { dialects } from '../../../test/support/databases.js';
import { builtSearchThreads } from './testing.js';

/**
 * Searches on threads (decision 0016), through the real app: a second instance on the same
 * database whose searches run on two threads of the built code, each with its own connection,
 * answers exactly what the first instance answers inline; a bad cursor is the same 400 from a
 * thread; and a product listed through the first is found through a thread within a second.
 */
describe.each(dialects)('search on threads on %s', (dialect) => {
  let harness: TestApp;
  let threaded: Awaited<ReturnType<typeof secondInstance>>;
  let owner: Session;
  let storeId: string;

  const LISTINGS = [
    { title: '硅胶手机壳 防摔 iPhone 15', price_minor: 1990, stock: 12, category_id: 'cat_phone-cases' },
    { title: 'Clear phone case 透明手机壳', price_minor: 990, stock: 100, category_id: 'cat_phone-cases' },
    { title: 'Leather phone case 真皮手机壳', price_minor: 8900, stock: 0, category_id: 'cat_phone-cases' },
    { title: '手机支架 桌面懒人支架 Phone stand', price_minor: 2900, stock: 40, category_id: 'cat_chargers' },
    { title: '真皮手提包 女士 通勤', price_minor: 39900, stock: 3, category_id: 'cat_handbags' },
    { title: 'Red leather handbag', price_minor: 25900, stock: 7, category_id: 'cat_handbags' },
    { title: 'Noise cancelling earbuds 降噪耳机', price_minor: 19900, stock: 9, category_id: 'cat_chargers' },
    { title: 'USB-C charging cable 1m 数据线', price_minor: 1500, stock: 200, category_id: 'cat_chargers' },
  ];

  beforeAll(async () => {
    harness = await createTestApp(dialect);
    threaded = await secondInstance(harness, { searchThreads: builtSearchThreads(harness.fresh, 2) });
    owner = await signUp(harness.app);
    storeId = (await openStore(harness.app, owner, { name: '小美的店 Thread Shop' })).id;
    for (const listing of LISTINGS) {
      const { price_minor, stock, ...rest } = listing;
      await listProduct(harness.app, owner, storeId, { ...rest, options: [], skus: [{ options: [], price_minor, stock, weight_g: 100 }] });
    }
    await threaded.app.jishi.searchThreads?.whenReady();
  });
  afterAll(async () => {
    await threaded?.close();
    await harness?.close();
  });

  const get = (app: TestApp['app'], query: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/search', query });

  it('answers what the inline search answers, byte for byte', async () => {
    const queries: Record<string, string>[] = [
      { q: '手机' },
      { q: '手机壳', sort: 'price_asc' },
      { q: 'phone case', in_stock: 'true' },
      { q: 'leather', sort: 'price_desc' },
      { q: '真皮手提包' },
      { q: 'earbud' },
      { q: 'handbg' },
      { q: '', category: 'cat_phone-cases', sort: 'newest' },
      { q: 'phone', price_min: '1000', price_max: '5000', store_type: 'individual' },
      { q: '手机', sort: 'sales', limit: '2' },
      { q: 'phone', ships_to: 'CN' },
    ];
    const before = threaded.app.jishi.searchThreads?.answered.threads ?? 0;
    for (const query of queries) {
      const [inline, onThread] = await Promise.all([get(harness.app, query), get(threaded.app, query)]);
      expect(onThread.statusCode, onThread.body).toBe(200);
      expect(onThread.body, JSON.stringify(query)).toBe(inline.body);
      expect(onThread.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(inline.headers['content-type']).toBe('application/json; charset=utf-8');
      // The next page through the thread, by the cursor the thread gave.
      const cursor = (onThread.json() as { next_cursor: string | null }).next_cursor;
      if (cursor) {
        const [next, nextInline] = await Promise.all([get(threaded.app, { ...query, cursor }), get(harness.app, { ...query, cursor })]);
        expect(next.body).toBe(nextInline.body);
      }
    }
    const answered = threaded.app.jishi.searchThreads?.answered;
    expect(answered?.inline).toBe(0);
    expect((answered?.threads ?? 0) - before).toBeGreaterThanOrEqual(queries.length);
  });

  it('refuses a cursor it did not give out with the same 400 as inline', async () => {
    const query = { q: '手机', cursor: 'not-a-cursor' };
    const [inline, onThread] = await Promise.all([get(harness.app, query), get(threaded.app, query)]);
    expect(onThread.statusCode).toBe(400);
    expect(onThread.json()).toMatchObject({ error: { code: 'validation_failed', param: 'cursor' } });
    expect(onThread.body).toBe(inline.body);
  });

  it('finds a product listed on the other instance within a second', async () => {
    const before = (await get(threaded.app, { q: 'teapot' })).json() as { items: unknown[] };
    expect(before.items).toEqual([]);
    const product = await listProduct(harness.app, owner, storeId, {
      title: 'Celadon teapot 青瓷茶壶',
      options: [],
      skus: [{ options: [], price_minor: 6800, stock: 2, weight_g: 600 }],
    });
    const listed_ms = performance.now();
    let ids: string[] = [];
    while (performance.now() - listed_ms < 1_000) {
      const found = (await get(threaded.app, { q: '茶壶' })).json() as { items: { product: { id: string } }[] };
      ids = found.items.map((item) => item.product.id);
      if (ids.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(ids).toEqual([product.id]);
  });
});
