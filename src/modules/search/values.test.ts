import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, type Session, secondInstance, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { dialects } from '../../../test/support/databases.js';
import { SEQUENCE_BITS } from './document.js';
import { builtSearchThreads, documentValues } from './testing.js';
import { ValueCache } from './values.js';

const values = (doc_rowid: number) => documentValues(doc_rowid, { title_tokens: 'red phone', title_length: 2 });

describe('the cache of document values', () => {
  it('answers an entry only under the stamp it was read with', () => {
    const cache = new ValueCache(10);
    cache.put(values(1), '700');
    expect(cache.get(1, '700')?.product_id).toBe('prd_1');
    expect(cache.get(1, '701')).toBeUndefined();
    expect(cache.get(1, undefined)).toBeUndefined();
    cache.put(values(2), undefined);
    expect(cache.get(2, undefined)?.product_id).toBe('prd_2');
    cache.evict(2);
    expect(cache.get(2, undefined)).toBeUndefined();
    // The same product after a sale: a new row id, the same sequence number.
    const sold = { ...values(3), doc_rowid: 3 + SEQUENCE_BITS };
    cache.put(values(3), undefined);
    expect(cache.get(sold.doc_rowid, undefined)).toBeUndefined();
    cache.put(sold, undefined);
    expect(cache.get(3, undefined)).toBeUndefined();
    expect(cache.get(sold.doc_rowid, undefined)).toBe(sold);
  });

  it('holds a card for the very values it was read with, and for no other', () => {
    const cache = new ValueCache(10);
    const held = values(1);
    cache.put(held, undefined);
    expect(cache.card(held)).toBeUndefined();
    cache.putCard(held, { title: 'Red phone', json: '{"id":"prd_1"}' });
    expect(cache.card(held)?.json).toBe('{"id":"prd_1"}');
    // The document written again: new values, read again, have no card until one is read for them.
    const rewritten = values(1);
    cache.put(rewritten, undefined);
    expect(cache.card(rewritten)).toBeUndefined();
    cache.clear();
    expect(cache.card(held)).toBeUndefined();
  });

  it('stays within its bound, letting the oldest go first', () => {
    const cache = new ValueCache(20);
    for (let rowid = 1; rowid <= 45; rowid += 1) cache.put(values(rowid), undefined);
    expect(cache.size).toBeLessThanOrEqual(20);
    expect(cache.get(45, undefined)).toBeDefined();
    expect(cache.get(1, undefined)).toBeUndefined();
  });
});

type Answer = { items: { product: { id: string; title: string; price_min_minor: number } }[]; facets: { price: unknown[] } | null };

// Two server instances on one database, as with WORKERS=2 or several hosts: what one writes,
// the other's search must show at once, though its cache read the documents before. The
// second instance searches inline, or on a search thread with a connection of its own.
describe.each(dialects.flatMap((dialect) => [`${dialect} inline`, `${dialect} on a thread`]))(
  'cached document values across instances, %s',
  (name) => {
    const dialect = name.startsWith('sqlite') ? 'sqlite' : 'postgres';
    const onThread = name.endsWith('thread');
    let harness: TestApp;
    let second: Awaited<ReturnType<typeof secondInstance>>;
    let owner: Session;
    let storeId: string;
    beforeAll(async () => {
      harness = await createTestApp(dialect);
      second = await secondInstance(harness, onThread ? { searchThreads: builtSearchThreads(harness.fresh, 1) } : {});
      await second.app.jishi.searchThreads?.whenReady();
      owner = await signUp(harness.app);
      storeId = (await openStore(harness.app, owner, { name: 'Cache Test Shop' })).id;
    });
    afterAll(async () => {
      // Every search of the threaded instance was answered by its thread.
      if (onThread) expect(second.app.jishi.searchThreads?.answered).toMatchObject({ inline: 0 });
      await second?.close();
      await harness?.close();
    });
    const search = async (query: Record<string, string>) => {
      const response = await second.app.inject({ method: 'GET', url: '/api/v1/search', query } satisfies InjectOptions);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as Answer;
    };
    const sku = (price_minor: number) => ({ options: [], skus: [{ options: [], price_minor, stock: 5, weight_g: 100 }] });
    /** Changes a product's price through the first instance. */
    const reprice = async (product: { id: string; skus: { id: string }[] }, price_minor: number) => {
      const response = await harness.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}/skus/${product.skus[0]?.id}`,
        headers: asSession(owner),
        payload: { price_minor },
      });
      expect(response.statusCode, response.body).toBe(200);
    };

    it('sorts by a price changed on the other instance', async () => {
      const cheap = await listProduct(harness.app, owner, storeId, { title: 'Teapot cheap', ...sku(1000) });
      const dear = await listProduct(harness.app, owner, storeId, { title: 'Teapot dear', ...sku(2000) });
      const order = async () => (await search({ q: 'teapot', sort: 'price_asc' })).items.map((item) => item.product.id);
      expect(await order()).toEqual([cheap.id, dear.id]);
      await reprice(cheap, 3000);
      expect(await order()).toEqual([dear.id, cheap.id]);
      expect(await order()).toEqual([dear.id, cheap.id]);
    });

    it('shows a card changed on the other instance, though nothing searched for changed', async () => {
      const kettle = await listProduct(harness.app, owner, storeId, { title: 'Kettle copper', ...sku(4000) });
      const card = async () =>
        (await search({ q: 'kettle' })).items.map((item) => (item.product as unknown as { stock_total: number }).stock_total);
      expect(await card()).toEqual([5]);
      expect(await card()).toEqual([5]);
      const restocked = await harness.app.inject({
        method: 'POST',
        url: `/api/v1/products/${kettle.id}/stock-adjustments`,
        headers: asSession(owner),
        payload: { sku_id: kettle.skus[0]?.id, delta: -2, reason: 'correction' },
      });
      expect(restocked.statusCode, restocked.body).toBe(201);
      expect(await card()).toEqual([3]);
    });

    it('shows the product that now holds a row id another product held', async () => {
      // On SQLite a new document takes the sequence number after the highest: once the newest
      // product is gone, the next one listed gets its row id.
      const first = await listProduct(harness.app, owner, storeId, { title: 'Lantern amber', ...sku(1500) });
      expect((await search({ q: 'lantern' })).items.map((item) => item.product.id)).toEqual([first.id]);
      const rowidOf = async (productId: string) =>
        (
          await sql<{ doc_rowid: number }>`SELECT doc_rowid FROM search_documents WHERE product_id = ${productId}`.execute(
            harness.fresh.database.db,
          )
        ).rows[0]?.doc_rowid;
      const held = await rowidOf(first.id);
      const removed = await harness.app.inject({ method: 'DELETE', url: `/api/v1/products/${first.id}`, headers: asSession(owner) });
      expect(removed.statusCode, removed.body).toBe(200);
      const next = await listProduct(harness.app, owner, storeId, { title: 'Lantern jade', ...sku(900) });
      if (dialect === 'sqlite') expect(await rowidOf(next.id)).toBe(held);
      const found = await search({ q: 'jade' });
      expect(found.items.map((item) => item.product.id)).toEqual([next.id]);
      expect((await search({ q: 'amber' })).items).toEqual([]);
    });

    it.runIf(dialect === 'sqlite')('starts over when the log of removals was pruned past what it saw', async () => {
      const bowl = await listProduct(harness.app, owner, storeId, { title: 'Bowl celadon', ...sku(1000) });
      const cup = await listProduct(harness.app, owner, storeId, { title: 'Bowl porcelain', ...sku(2000) });
      const order = async () => (await search({ q: 'bowl', sort: 'price_desc' })).items.map((item) => item.product.id);
      expect(await order()).toEqual([cup.id, bowl.id]);
      await reprice(bowl, 5000);
      // Ten thousand and one later removals push the price change's entry out of the log.
      const db = harness.fresh.database.db;
      await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)
      INSERT INTO search_changes (doc_rowid) SELECT -i FROM n`.execute(db);
      await sql`DELETE FROM search_changes WHERE id <= (SELECT max(id) FROM search_changes) - 10000`.execute(db);
      expect(await order()).toEqual([bowl.id, cup.id]);
    });
  },
);
