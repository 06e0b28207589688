import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, type Session, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { dialects } from '../../../test/support/databases.js';
import { reindex } from './indexer.js';
import { completionIn } from './suggest.js';

type Answer = {
  items: {
    product: { id: string; title: string; price_min_minor: number };
    store: { name: string };
    title_highlight: { text: string; match: boolean }[];
  }[];
  next_cursor: string | null;
  total: { value: number; exact: boolean } | null;
  facets: { category: { id: string; count: number }[]; store_type: { value: string; count: number }[]; price: unknown[] } | null;
  query: { corrections: { from: string; to: string }[] };
};

const sku = (price_minor: number, stock = 5) => ({ options: [], skus: [{ options: [], price_minor, stock, weight_g: 100 }] });

describe.each(dialects)('search API on %s', (dialect) => {
  let harness: TestApp;
  let owner: Session;
  let store: { id: string; handle: string };
  let brand: { id: string; handle: string };
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    harness = await createTestApp(dialect);
    owner = await signUp(harness.app);
    store = await openStore(harness.app, owner, { name: '小梅饰品' });
    brand = await openStore(harness.app, owner, { name: 'Acme Audio', type: 'brand', ships_to: ['CN', 'US'] });
    const list = async (key: string, storeId: string, overrides: Record<string, unknown>) => {
      ids[key] = (await listProduct(harness.app, owner, storeId, overrides)).id;
    };
    await list('case', store.id, { title: '硅胶防摔手机壳 iPhone 15', ...sku(1990), attributes: [{ name: '材质', value: '硅胶' }] });
    await list('stand', store.id, { title: '桌面手机支架 可折叠', ...sku(2990), category_id: 'cat_chargers' });
    await list('bag', store.id, { title: '真皮手提包 女士', ...sku(39900), category_id: 'cat_handbags' });
    await list('earbuds', brand.id, { title: 'Wireless Bluetooth Earbuds 降噪蓝牙耳机', ...sku(19900), category_id: 'cat_headphones' });
    await list('cases', brand.id, { title: 'Clear Phone Cases for Galaxy', ...sku(990, 0) });
    await list('cafe', store.id, { title: 'Café Latte Mug 咖啡杯', ...sku(4500), category_id: 'cat_kitchenware' });
  });
  afterAll(() => harness?.close());
  const inject = (options: InjectOptions) => harness.app.inject(options);
  const find = async (query: Record<string, string | number | boolean>) => {
    const response = await inject({
      method: 'GET',
      url: '/api/v1/search',
      query: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Answer;
  };
  const keysOf = (answer: Answer) => answer.items.map((item) => Object.keys(ids).find((key) => ids[key] === item.product.id));

  it('finds a two-character Chinese word and marks it in the title', async () => {
    const answer = await find({ q: '手机' });
    // The English-titled cases are in the category 手机壳, so they match too, with nothing to mark.
    expect(keysOf(answer).sort()).toEqual(['case', 'cases', 'stand']);
    const marked = answer.items.flatMap((item) => item.title_highlight.filter((run) => run.match).map((run) => run.text));
    expect(marked).toEqual(['手机', '手机']);
  });

  it('finds several Chinese words typed together, wherever they stand in the title', async () => {
    expect(keysOf(await find({ q: '硅胶防摔手机壳' }))).toEqual(['case']);
    expect(keysOf(await find({ q: '真皮手提包' }))).toEqual(['bag']);
    expect(keysOf(await find({ q: '降噪耳机' }))).toEqual(['earbuds']);
  });

  it('folds case, accents and plurals, completes the last word, and forgives one typo', async () => {
    // The Chinese-titled case is found through its category's English name.
    expect(keysOf(await find({ q: 'PHONE CASE' })).sort()).toEqual(['case', 'cases']);
    expect(keysOf(await find({ q: 'cafe' }))).toEqual(['cafe']);
    expect(keysOf(await find({ q: 'wireless earb' }))).toEqual(['earbuds']);
    const typo = await find({ q: 'bluetoth' });
    expect(keysOf(typo)).toEqual(['earbuds']);
    expect(typo.query.corrections).toEqual([{ from: 'bluetoth', to: 'bluetooth' }]);
  });

  it('filters by category with its descendants, store type, country, stock and price', async () => {
    expect(keysOf(await find({ category: 'cat_electronics' })).sort()).toEqual(['case', 'cases', 'earbuds', 'stand'].sort());
    expect(keysOf(await find({ q: '手机', store_type: 'individual', in_stock: true })).sort()).toEqual(['case', 'stand']);
    expect(keysOf(await find({ ships_to: 'US' })).sort()).toEqual(['cases', 'earbuds']);
    expect(keysOf(await find({ price_min: 1000, price_max: 20000, sort: 'price_asc' }))).toEqual(['case', 'stand', 'cafe', 'earbuds']);
    expect(keysOf(await find({ in_stock: true, store_type: 'brand' }))).toEqual(['earbuds']);
  });

  it('counts facets and pages through every match once', async () => {
    const first = await find({ limit: 4, sort: 'newest' });
    expect(first.total).toEqual({ value: 6, exact: true });
    expect(first.facets?.store_type).toEqual([
      { value: 'individual', count: 4 },
      { value: 'brand', count: 2 },
    ]);
    expect(first.next_cursor).not.toBeNull();
    const second = await find({ limit: 4, sort: 'newest', cursor: first.next_cursor ?? '' });
    expect(second.next_cursor).toBeNull();
    expect(second.facets).toBeNull();
    expect([...keysOf(first), ...keysOf(second)]).toEqual(['cafe', 'cases', 'earbuds', 'bag', 'stand', 'case']);
  });

  it('follows catalog writes at once: a renamed product and a delisted one', async () => {
    await inject({ method: 'PATCH', url: `/api/v1/products/${ids.stand}`, headers: asSession(owner), payload: { title: '车载支架' } });
    expect(keysOf(await find({ q: '手机' })).sort()).toEqual(['case', 'cases']);
    expect(keysOf(await find({ q: '车载' }))).toEqual(['stand']);
    await inject({ method: 'PATCH', url: `/api/v1/products/${ids.stand}`, headers: asSession(owner), payload: { status: 'delisted' } });
    expect(keysOf(await find({ q: '车载' }))).toEqual([]);
    await inject({ method: 'PATCH', url: `/api/v1/stores/${store.id}`, headers: asSession(owner), payload: { name: 'Mei Jewelry' } });
    expect(keysOf(await find({ q: 'jewelry' })).sort()).toEqual(['bag', 'cafe', 'case']);
  });

  it('never lets typed syntax reach the engine, and names the bad parameter', async () => {
    for (const q of ['"', '*', 'NEAR(', "'", '%', '((', ')', 'a AND OR NOT', '手机"*', '^-:', '\\']) {
      const response = await inject({ method: 'GET', url: '/api/v1/search', query: { q } });
      expect(response.statusCode, `${q}: ${response.body}`).toBe(200);
    }
    for (const [query, param] of [
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ category: 'cat_nope' }, 'category'],
      [{ price_min: '-1' }, 'price_min'],
      [{ price_min: '500', price_max: '100' }, 'price_max'],
      [{ sort: 'cheapest' }, 'sort'],
      [{ cursor: 'garbage' }, 'cursor'],
      [{ in_stock: 'maybe' }, 'in_stock'],
    ] as const) {
      const response = await inject({ method: 'GET', url: '/api/v1/search', query: query as Record<string, string> });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.param).toBe(param);
    }
  });

  it('rebuilds the index: fresh from empty, or reconciling a live one', async () => {
    const db = harness.app.jishi.database.db;
    const before = keysOf(await find({ q: '手机' })).sort();
    let last = { done: 0, total: 0 };
    expect(await reindex(db, { fresh: true, onProgress: (progress) => (last = progress) })).toEqual({ indexed: 5 });
    expect(last).toEqual({ done: 5, total: 5 });
    expect(keysOf(await find({ q: '手机' })).sort()).toEqual(before);
    // A reconcile restores a lost entry and keeps searches answering meanwhile.
    await db.deleteFrom('search_terms').execute();
    expect(keysOf(await find({ q: 'bluetooth' }))).toEqual(['earbuds']);
    expect(keysOf(await find({ q: 'bluetoth' }))).toEqual([]);
    await reindex(db);
    expect(keysOf(await find({ q: 'bluetoth' }))).toEqual(['earbuds']);
  });

  it('suggests completions from titles and categories', async () => {
    const response = await inject({ method: 'GET', url: '/api/v1/search/suggest', query: { q: '手机' } });
    expect(response.statusCode).toBe(200);
    const texts = (response.json().suggestions as { text: string }[]).map((suggestion) => suggestion.text);
    expect(texts).toContain('手机壳');
    expect(completionIn('二手九成新手机', '手')).toBe('手机');
    expect(completionIn('Apple iPhone 15', 'phone')).toBeUndefined();
    const english = await inject({ method: 'GET', url: '/api/v1/search/suggest', query: { q: 'wire' } });
    expect((english.json().suggestions as { text: string }[]).map((suggestion) => suggestion.text)).toContain('Wireless');
  });
});
