import type { InjectOptions } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, type Session, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore, TWO_SKUS } from '../../../test/support/catalog.js';
import { dialects } from '../../../test/support/databases.js';
import { phonePhoto, testImage } from '../../../test/support/images.js';
import { decodeQr } from '../../../test/support/qr.js';

describe.each(dialects)('catalog API on %s', (dialect) => {
  let harness: TestApp;
  let owner: Session;
  let stranger: Session;
  let store: { id: string; handle: string };
  beforeAll(async () => {
    harness = await createTestApp(dialect);
    owner = await signUp(harness.app);
    stranger = await signUp(harness.app);
    store = await openStore(harness.app, owner);
  });
  afterAll(() => harness?.close());
  const inject = (options: InjectOptions) => harness.app.inject(options);
  const createProduct = (payload: object, session = owner) =>
    inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: asSession(session),
      payload: { store_id: store.id, title: 'T恤 T-shirt', category_id: 'cat_mens-clothing', ...payload },
    });

  describe('listing a product', () => {
    it('generates one SKU per option combination, each with its own price and stock', async () => {
      const response = await createProduct({
        description: '<script>alert(1)</script>纯棉 100% cotton\n\n\n\nsoft',
        attributes: [{ name: '材质', value: '纯棉' }],
        options: [
          { name: '颜色', values: ['黑', '白'] },
          { name: '尺码', values: ['M', 'L'] },
        ],
        skus: [
          { options: ['黑', 'M'], price_minor: 5900, stock: 3, weight_g: 200 },
          { options: ['黑', 'L'], price_minor: 5900, stock: 0, weight_g: 210 },
          { options: ['白', 'M'], price_minor: 6900, stock: 8, weight_g: 200, dimensions_mm: { length: 300, width: 200, height: 20 } },
          { options: ['白', 'L'], price_minor: 6900, stock: 1, weight_g: 210, code: 'TW-L' },
        ],
      });
      expect(response.statusCode).toBe(201);
      const { product, store: summary } = response.json();
      expect(product).toMatchObject({ status: 'draft', currency: 'CNY', price_min_minor: 5900, price_max_minor: 6900, stock_total: 12 });
      expect(product.description).toBe('alert(1)纯棉 100% cotton\n\nsoft');
      expect(product.skus).toHaveLength(4);
      expect(product.skus[2]).toMatchObject({ options: ['白', 'M'], dimensions_mm: { length: 300, width: 200, height: 20 } });
      expect(product.category.path.map((category: { name_en: string }) => category.name_en)).toEqual(['Clothing', "Men's clothing"]);
      expect(summary.id).toBe(store.id);
    });

    it.each([
      [{ skus: [{ options: [], stock: 1, weight_g: 1 }] }, 'validation_failed', 'skus.0.price_minor'],
      [{ skus: [{ options: [], price_minor: -1, stock: 1, weight_g: 1 }] }, 'validation_failed', 'skus.0.price_minor'],
      [{ skus: [{ options: [], price_minor: 100, stock: -5, weight_g: 1 }] }, 'validation_failed', 'skus.0.stock'],
      [{ skus: [{ options: [], price_minor: 1.5, stock: 1, weight_g: 1 }] }, 'validation_failed', 'skus.0.price_minor'],
      [{ skus: [] }, 'validation_failed', 'skus'],
      [{ options: TWO_SKUS.options, skus: [TWO_SKUS.skus[0]] }, 'invalid_skus', 'skus'],
      [{ options: TWO_SKUS.options, skus: [TWO_SKUS.skus[0], TWO_SKUS.skus[0]] }, 'invalid_skus', 'skus.1.options'],
      [
        { options: TWO_SKUS.options, skus: [...TWO_SKUS.skus, { options: ['绿'], price_minor: 1, stock: 1, weight_g: 1 }] },
        'invalid_skus',
        'skus.2.options',
      ],
      [{ options: [{ name: '颜色', values: ['红', '红'] }], skus: TWO_SKUS.skus }, 'invalid_skus', 'options.0.values'],
      [{ category_id: 'cat_nothing', ...TWO_SKUS }, 'validation_failed', 'category_id'],
      [{ title: '<b></b>', ...TWO_SKUS }, 'validation_failed', 'title'],
      [{ ...TWO_SKUS, sold_count: 99 }, 'unknown_field', 'sold_count'],
    ])('rejects %j with %s naming %s, storing nothing', async (payload, code, param) => {
      const before = await inject({
        method: 'GET',
        url: `/api/v1/products?store_id=${store.id}&limit=100`,
        headers: { cookie: owner.cookie },
      });
      const response = await createProduct(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code, param });
      const after = await inject({
        method: 'GET',
        url: `/api/v1/products?store_id=${store.id}&limit=100`,
        headers: { cookie: owner.cookie },
      });
      expect(after.json().data.length).toBe(before.json().data.length);
    });
  });

  describe('who sees and changes what', () => {
    it('hides drafts from everyone but the store’s team, and shows active products to all', async () => {
      const draft = await listProduct(harness.app, owner, store.id, { status: 'draft' });
      expect((await inject({ method: 'GET', url: `/api/v1/products/${draft.id}` })).statusCode).toBe(404);
      expect((await inject({ method: 'GET', url: `/api/v1/products/${draft.id}`, headers: { cookie: stranger.cookie } })).statusCode).toBe(
        404,
      );
      expect((await inject({ method: 'GET', url: `/api/v1/products/${draft.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(
        200,
      );
      const publicList = await inject({ method: 'GET', url: `/api/v1/products?store_id=${store.id}&limit=100` });
      expect(publicList.json().data.map((card: { id: string }) => card.id)).not.toContain(draft.id);
      const publish = await inject({
        method: 'PATCH',
        url: `/api/v1/products/${draft.id}`,
        headers: asSession(owner),
        payload: { status: 'active' },
      });
      expect(publish.statusCode).toBe(200);
      expect((await inject({ method: 'GET', url: `/api/v1/products/${draft.id}` })).json().product.status).toBe('active');
      const backToDraft = await inject({
        method: 'PATCH',
        url: `/api/v1/products/${draft.id}`,
        headers: asSession(owner),
        payload: { status: 'draft' },
      });
      expect(backToDraft.statusCode).toBe(409);
    });

    it('answers every write route with 403 for a stranger on an active product and 404 on a draft', async () => {
      const active = await listProduct(harness.app, owner, store.id);
      const draft = await listProduct(harness.app, owner, store.id, { status: 'draft' });
      const image = await testImage();
      for (const [product, expected] of [
        [active, 403],
        [draft, 404],
      ] as const) {
        const routes: { method: InjectOptions['method']; path: string; payload?: object; image?: boolean }[] = [
          { method: 'PATCH', path: '', payload: { title: 'hijacked' } },
          { method: 'DELETE', path: '' },
          { method: 'PATCH', path: `/skus/${product.skus[0]?.id}`, payload: { price_minor: 1 } },
          { method: 'POST', path: '/stock-adjustments', payload: { sku_id: product.skus[0]?.id, delta: 100, reason: 'restock' } },
          { method: 'GET', path: '/stock-adjustments' },
          { method: 'POST', path: '/images', image: true },
          { method: 'PUT', path: '/images', payload: { image_ids: [] } },
        ];
        for (const route of routes) {
          const headers = asSession(stranger, route.image ? { 'content-type': 'image/png' } : {});
          const response = await inject({
            method: route.method,
            url: `/api/v1/products/${product.id}${route.path}`,
            headers,
            payload: route.image ? image : route.payload,
          });
          expect(response.statusCode, `${route.method} ${route.path}`).toBe(expected);
        }
        const anonymous = await inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, payload: { title: 'x' } });
        expect(anonymous.statusCode).toBe(401);
      }
      const stranded = await createProduct(TWO_SKUS, stranger);
      expect(stranded.statusCode).toBe(403);
      const unchanged = await inject({ method: 'GET', url: `/api/v1/products/${active.id}` });
      expect(unchanged.json().product).toMatchObject({ title: '手机壳 Phone case', stock_total: 14 });
    });
  });

  describe('stock', () => {
    it('moves with a reason and a history, and never below zero', async () => {
      const product = await listProduct(harness.app, owner, store.id);
      const sku = product.skus[1];
      const adjust = (delta: number, reason = 'restock') =>
        inject({
          method: 'POST',
          url: `/api/v1/products/${product.id}/stock-adjustments`,
          headers: asSession(owner),
          payload: { sku_id: sku?.id, delta, reason, note: 'from the workshop' },
        });
      expect((await adjust(6)).json().adjustment.stock_after).toBe(10);
      expect((await adjust(-3, 'damage')).json().adjustment.stock_after).toBe(7);
      const tooMuch = await adjust(-8, 'correction');
      expect(tooMuch.statusCode).toBe(409);
      expect(tooMuch.json().error).toMatchObject({ code: 'stock_would_go_negative', param: 'delta' });
      expect((await adjust(0)).statusCode).toBe(400);
      const page = (await inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).json().product;
      expect(page.skus[1].stock).toBe(7);
      expect(page.stock_total).toBe(17);
      const history = await inject({
        method: 'GET',
        url: `/api/v1/products/${product.id}/stock-adjustments`,
        headers: { cookie: owner.cookie },
      });
      expect(history.json().data.map((row: { delta: number; stock_after: number }) => [row.delta, row.stock_after])).toEqual([
        [-3, 7],
        [6, 10],
      ]);
      const otherSku = await inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/stock-adjustments`,
        headers: asSession(owner),
        payload: { sku_id: 'sku_nope', delta: 1, reason: 'restock' },
      });
      expect(otherSku.statusCode).toBe(404);
    });

    it('keeps every concurrent adjustment', async () => {
      const product = await listProduct(harness.app, owner, store.id);
      const sku = product.skus[0];
      await Promise.all(
        Array.from({ length: 20 }, () =>
          inject({
            method: 'POST',
            url: `/api/v1/products/${product.id}/stock-adjustments`,
            headers: asSession(owner),
            payload: { sku_id: sku?.id, delta: 1, reason: 'restock' },
          }),
        ),
      );
      const page = (await inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).json().product;
      expect(page.skus[0].stock).toBe(30);
    });
  });

  describe('photos', () => {
    it('orients phone photos, drops their location, and serves WebP variants', async () => {
      const product = await listProduct(harness.app, owner, store.id);
      const upload = await inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/images`,
        headers: asSession(owner, { 'content-type': 'image/jpeg' }),
        payload: await phonePhoto(),
      });
      expect(upload.statusCode).toBe(201);
      const { image } = upload.json();
      // Stored 400×300 with "rotate 90°": upright it is 300×400.
      expect([image.width, image.height]).toEqual([300, 400]);
      const original = await inject({ method: 'GET', url: image.urls.original });
      const metadata = await sharp(original.rawPayload).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.orientation ?? 1).toBe(1);
      const thumb = await inject({ method: 'GET', url: image.urls.thumb });
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect(thumb.headers['cache-control']).toContain('immutable');
      expect((await sharp(thumb.rawPayload).metadata()).width).toBe(240);
      const page = (await inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).json().product;
      expect(page.images.map((entry: { id: string }) => entry.id)).toEqual([image.id]);
    });

    it('rejects what is not an image, whatever it claims, with 415 and stores nothing', async () => {
      const product = await listProduct(harness.app, owner, store.id);
      const fake = await inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/images`,
        headers: asSession(owner, { 'content-type': 'image/png' }),
        payload: Buffer.from('<?php echo "hi"; ?>'),
      });
      expect(fake.statusCode).toBe(415);
      expect(fake.json().error.code).toBe('unsupported_image');
      const truncated = (await testImage('png')).subarray(0, 60);
      const broken = await inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/images`,
        headers: asSession(owner, { 'content-type': 'image/png' }),
        payload: truncated,
      });
      expect(broken.statusCode).toBe(415);
      const gif = await inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/images`,
        headers: asSession(owner, { 'content-type': 'image/gif' }),
        payload: Buffer.from('GIF89a'),
      });
      expect(gif.statusCode).toBe(415);
      const huge = await inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/images`,
        headers: asSession(owner, { 'content-type': 'image/jpeg' }),
        payload: Buffer.alloc(11 * 1024 * 1024),
      });
      expect(huge.statusCode).toBe(413);
      const page = (await inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).json().product;
      expect(page.images).toEqual([]);
    });

    it('reorders and removes photos', async () => {
      const product = await listProduct(harness.app, owner, store.id);
      const ids: string[] = [];
      for (const colour of ['#ff0000', '#00ff00', '#0000ff']) {
        const upload = await inject({
          method: 'POST',
          url: `/api/v1/products/${product.id}/images`,
          headers: asSession(owner, { 'content-type': 'image/webp' }),
          payload: await testImage('webp', 100, 100, colour),
        });
        ids.push(upload.json().image.id);
      }
      const reordered = await inject({
        method: 'PUT',
        url: `/api/v1/products/${product.id}/images`,
        headers: asSession(owner),
        payload: { image_ids: [ids[2], ids[0]] },
      });
      expect(reordered.json().product.images.map((entry: { id: string }) => entry.id)).toEqual([ids[2], ids[0]]);
      const card = (await inject({ method: 'GET', url: `/api/v1/products?store_id=${store.id}&limit=100` }))
        .json()
        .data.find((entry: { id: string }) => entry.id === product.id);
      expect(card.image.id).toBe(ids[2]);
      const foreign = await inject({
        method: 'PUT',
        url: `/api/v1/products/${product.id}/images`,
        headers: asSession(owner),
        payload: { image_ids: ['img_01M80000000000000000000000'] },
      });
      expect(foreign.json().error.code).toBe('invalid_reference');
    });
  });

  describe('deleting', () => {
    it('deletes a product that never sold, and only delists one that did', async () => {
      const unsold = await listProduct(harness.app, owner, store.id);
      const removed = await inject({ method: 'DELETE', url: `/api/v1/products/${unsold.id}`, headers: asSession(owner) });
      expect(removed.json()).toEqual({ outcome: 'deleted' });
      expect((await inject({ method: 'GET', url: `/api/v1/products/${unsold.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(
        404,
      );
      const sold = await listProduct(harness.app, owner, store.id);
      await harness.fresh.database.db.updateTable('products').set({ sold_count: 3 }).where('id', '=', sold.id).execute();
      const kept = await inject({ method: 'DELETE', url: `/api/v1/products/${sold.id}`, headers: asSession(owner) });
      expect(kept.json()).toEqual({ outcome: 'delisted' });
      const page = await inject({ method: 'GET', url: `/api/v1/products/${sold.id}`, headers: { cookie: owner.cookie } });
      expect(page.json().product).toMatchObject({ status: 'delisted', sold_count: 3 });
      expect((await inject({ method: 'GET', url: `/api/v1/products/${sold.id}` })).statusCode).toBe(404);
    });
  });

  describe('buyers', () => {
    it('browse a category with its subcategories', async () => {
      const otherStore = await openStore(harness.app, stranger);
      const inChild = await listProduct(harness.app, stranger, otherStore.id, { category_id: 'cat_womens-shoes' });
      const inOther = await listProduct(harness.app, stranger, otherStore.id, { category_id: 'cat_tea' });
      const parent = await inject({ method: 'GET', url: '/api/v1/products?category_id=cat_shoes-bags&limit=100' });
      const ids = parent.json().data.map((card: { id: string }) => card.id);
      expect(ids).toContain(inChild.id);
      expect(ids).not.toContain(inOther.id);
      const categories = await inject({ method: 'GET', url: '/api/v1/categories' });
      const names = categories.json().data.map((row: { name_zh: string }) => row.name_zh);
      expect(names).toEqual(expect.arrayContaining(['服饰', '手机壳', '茶叶']));
      expect((await inject({ method: 'GET', url: '/api/v1/products?category_id=cat_nope' })).statusCode).toBe(400);
    });

    it('favourite products, counted once each', async () => {
      const product = await listProduct(harness.app, owner, store.id);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await inject({ method: 'POST', url: `/api/v1/products/${product.id}/favourite`, headers: asSession(stranger) });
      }
      const page = await inject({ method: 'GET', url: `/api/v1/products/${product.id}`, headers: { cookie: stranger.cookie } });
      expect(page.json().product.favourite_count).toBe(1);
      expect(page.json().viewer.favourited).toBe(true);
      const favourites = await inject({ method: 'GET', url: '/api/v1/me/favourites', headers: { cookie: stranger.cookie } });
      expect(favourites.json().data.map((card: { id: string }) => card.id)).toEqual([product.id]);
      await inject({ method: 'DELETE', url: `/api/v1/products/${product.id}/favourite`, headers: asSession(stranger) });
      expect((await inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).json().product.favourite_count).toBe(0);
    });

    it('scan a product’s QR code to its page', async () => {
      const product = await listProduct(harness.app, owner, store.id);
      const png = await inject({ method: 'GET', url: `/api/v1/products/${product.id}/qr.png` });
      expect(await decodeQr(png.rawPayload)).toBe(`http://localhost:8080/p/${product.id}?src=qr`);
      const share = await inject({ method: 'GET', url: `/p/${product.id}?src=qr` });
      expect(share.body).toContain('<meta property="og:type" content="product">');
    });
  });
});
