import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, cookiesOf, createTestApp, type TestApp } from '../../../test/support/app.js';
import { dialects } from '../../../test/support/databases.js';
import { DiskBlobStore } from '../../kernel/blobs.js';
import { DEMO_DOMAIN, DEMO_PASSWORD, random, seedDemo } from './seed.js';

describe.each(dialects)('demo marketplace on %s', (dialect) => {
  let harness: TestApp;
  let result: Awaited<ReturnType<typeof seedDemo>>;
  const steps = new Set<string>();
  beforeAll(async () => {
    harness = await createTestApp(dialect);
    const context = {
      db: harness.fresh.database.db,
      clock: harness.clock,
      blobs: new DiskBlobStore(`${harness.fresh.dataDir}/blobs`),
      passwordHashCost: 10,
      sessionTtl_ms: 3_600_000,
    };
    result = await seedDemo(context, { stores: 6, productsPerStore: 4, buyers: 5, onProgress: (step) => steps.add(step) });
  }, 120_000);
  afterAll(() => harness?.close());

  it('creates stores of all three types with published storefronts, products with photos, and social activity', async () => {
    expect(result).toEqual({ stores: 6, products: 24, buyers: 5, sellers: 6 });
    expect([...steps]).toEqual(expect.arrayContaining(['seller accounts', 'buyer accounts', 'products', 'followers and favourites']));
    const db = harness.fresh.database.db;
    const types = await db.selectFrom('stores').select('type').distinct().execute();
    expect(types.map((row: { type: string }) => row.type).sort()).toEqual(['brand', 'individual', 'supplier']);
    const unpublished = await db.selectFrom('stores').select('id').where('storefront_published', 'is', null).execute();
    expect(unpublished).toEqual([]);
    const verified = await db.selectFrom('stores').select('handle').where('brand_status', '=', 'verified').execute();
    expect(verified.length).toBeGreaterThan(0);
    const { count } = await db
      .selectFrom('products')
      .select(sql<number>`count(*)`.as('count'))
      .where('image_ids', '!=', '[]')
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(18);
    const follows = await db.selectFrom('store_follows').select('user_id').execute();
    expect(follows.length).toBeGreaterThan(0);
  });

  it('gives bilingual titles and working accounts', async () => {
    const list = await harness.app.inject({ method: 'GET', url: '/api/v1/products?limit=50' });
    const titles = list.json().data.map((card: { title: string }) => card.title);
    expect(titles).toHaveLength(24);
    for (const title of titles) expect(title).toMatch(/[\u4e00-\u9fff].* [A-Za-z]/);
    const login = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `seller1@${DEMO_DOMAIN}`, password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const session = { cookie: `jishi_session=${cookiesOf(login).jishi_session}`, csrf: login.json().csrf_token };
    const mine = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/stores/mine',
      headers: asSession({ ...session, userId: '', email: '' }),
    });
    expect(mine.json().data[0].role).toBe('owner');
  });

  it('is deterministic', () => {
    const first = random(7);
    const second = random(7);
    expect(Array.from({ length: 5 }, first)).toEqual(Array.from({ length: 5 }, second));
  });
});
