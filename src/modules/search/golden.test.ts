import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, signUp, type TestApp } from '../../../test/support/app.js';
import { dialects } from '../../../test/support/databases.js';
import { flattenTaxonomy } from '../catalog/index.js';
import { GOLDEN_PRODUCTS, GOLDEN_QUERIES, GOLDEN_SALES, GOLDEN_STORES, type ListedGoldenSet, listGoldenSet } from './golden-set.js';

/**
 * Relevance: the golden set is listed through the real API, then every golden query is asked
 * through GET /api/v1/search and the products a shopper expects must be in the top five (and
 * the distractors nowhere). All failing queries are reported together, each with what came
 * back, so one run shows the whole picture.
 */

const HAN = /\p{Script=Han}/u;
const TOP = 5;
/** Enough pages of 50 to see every golden product, for the "absent" checks. */
const MAX_PAGES = Math.ceil(GOLDEN_PRODUCTS.length / 50) + 1;

describe('the golden set', () => {
  it('is well formed: unique keys, known stores and categories, queries that name real products', () => {
    const productKeys = new Set(GOLDEN_PRODUCTS.map((product) => product.key));
    const storeKeys = new Set(GOLDEN_STORES.map((store) => store.key));
    const categoryIds = new Set(flattenTaxonomy().map((category) => category.id));
    expect(productKeys.size).toBe(GOLDEN_PRODUCTS.length);
    expect(storeKeys.size).toBe(GOLDEN_STORES.length);
    expect(GOLDEN_PRODUCTS.length).toBeGreaterThanOrEqual(150);
    for (const product of GOLDEN_PRODUCTS) {
      expect(storeKeys, product.key).toContain(product.store);
      expect(categoryIds, product.key).toContain(product.category);
      expect(product.title.length, product.key).toBeLessThanOrEqual(120);
      expect(new Set(product.skus.map((sku) => sku.value)).size, product.key).toBe(product.skus.length);
    }
    expect(new Set(GOLDEN_STORES.map((store) => store.type))).toEqual(new Set(['individual', 'brand', 'supplier']));
    expect(GOLDEN_PRODUCTS.filter((product) => product.skus.every((sku) => sku.stock === 0)).length).toBeGreaterThan(5);
    for (const key of Object.keys(GOLDEN_SALES)) expect(productKeys, `sales of ${key}`).toContain(key);

    expect(GOLDEN_QUERIES.length).toBeGreaterThanOrEqual(44);
    expect(new Set(GOLDEN_QUERIES.map((query) => query.q)).size).toBe(GOLDEN_QUERIES.length);
    const chinese = GOLDEN_QUERIES.filter((query) => HAN.test(query.q));
    expect(chinese.length * 2).toBeGreaterThanOrEqual(GOLDEN_QUERIES.length);
    for (const query of GOLDEN_QUERIES) {
      expect(query.top5.length, query.q).toBeGreaterThan(0);
      expect(query.top5.length, query.q).toBeLessThanOrEqual(TOP);
      for (const key of [...query.top5, ...(query.absent ?? [])]) expect(productKeys, `${query.q}: ${key}`).toContain(key);
      expect(
        query.top5.filter((key) => query.absent?.includes(key)),
        query.q,
      ).toEqual([]);
    }
  });
});

describe.each(dialects)('search relevance on %s', (dialect) => {
  let harness: TestApp;
  let listed: ListedGoldenSet;
  beforeAll(async () => {
    harness = await createTestApp(dialect);
    const owner = await signUp(harness.app);
    listed = await listGoldenSet(harness.app, asSession(owner), () => harness.clock.advance(60_000));
    if (!listed.shipsTo) console.warn('stores do not take ships_to yet: the golden stores ship to their own country only');
  });
  afterAll(() => harness?.close());

  const label = (id: string) => {
    const product = listed.byId.get(id);
    return product ? `${product.key} 「${product.title}」` : `${id} (not a golden product)`;
  };

  /** Every result of a query in order, following next_cursor; or the status and body of a failed answer. */
  async function search(q: string): Promise<{ ids: string[]; problem?: string }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const url = `/api/v1/search?q=${encodeURIComponent(q)}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await harness.app.inject({ method: 'GET', url });
      if (response.statusCode !== 200) return { ids, problem: `answered ${response.statusCode}: ${response.body.slice(0, 300)}` };
      const body = response.json() as { items: { product: { id: string } }[]; next_cursor: string | null };
      ids.push(...body.items.map((item) => item.product.id));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    return { ids };
  }

  it('puts what a shopper expects in the top five for every golden query, and no distractor anywhere', async () => {
    const failures: string[] = [];
    for (const query of GOLDEN_QUERIES) {
      const { ids, problem } = await search(query.q);
      if (problem) {
        failures.push(`「${query.q}」 ${problem}`);
        continue;
      }
      const top = ids.slice(0, TOP);
      const topKeys = new Set(top.map((id) => listed.byId.get(id)?.key));
      const allKeys = new Set(ids.map((id) => listed.byId.get(id)?.key));
      const missing = query.top5.filter((key) => !topKeys.has(key));
      const intruders = (query.absent ?? []).filter((key) => allKeys.has(key));
      if (missing.length === 0 && intruders.length === 0) continue;
      const lines = [`「${query.q}」 (${query.why})`];
      if (missing.length > 0) {
        const ranks = missing.map((key) => {
          const rank = ids.indexOf(listed.productIds.get(key) ?? '');
          return `${key} (${rank < 0 ? 'not found' : `#${rank + 1}`})`;
        });
        lines.push(`  missing from the top ${TOP}: ${ranks.join(', ')}`);
      }
      if (intruders.length > 0) {
        const ranks = intruders.map((key) => `${key} (#${ids.indexOf(listed.productIds.get(key) ?? '') + 1})`);
        lines.push(`  should not be found at all: ${ranks.join(', ')}`);
      }
      lines.push(
        `  top ${TOP} of ${ids.length}: ${top.length ? top.map((id, index) => `\n    ${index + 1}. ${label(id)}`).join('') : '(none)'}`,
      );
      failures.push(lines.join('\n'));
    }
    const report = `${failures.length} of ${GOLDEN_QUERIES.length} golden queries failed on ${dialect}:\n\n${failures.join('\n\n')}`;
    expect(failures.length, report).toBe(0);
  }, 120_000);
});
