import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, type Session, signUp, type TestApp } from '../../../test/support/app.js';
import { listProduct, openStore } from '../../../test/support/catalog.js';
import { dialects } from '../../../test/support/databases.js';
import { testImage } from '../../../test/support/images.js';
import { decodeQr } from '../../../test/support/qr.js';
import { createOperator } from '../accounts/index.js';

describe.each(dialects)('stores API on %s', (dialect) => {
  let harness: TestApp;
  let owner: Session;
  let stranger: Session;
  beforeAll(async () => {
    harness = await createTestApp(dialect, { PUBLIC_URL: 'https://market.example' });
    owner = await signUp(harness.app);
    stranger = await signUp(harness.app);
  });
  afterAll(() => harness?.close());
  const inject = (options: InjectOptions) => harness.app.inject(options);

  describe('opening a store', () => {
    it('opens free for any signed-in user, who becomes its owner', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v1/stores',
        headers: asSession(owner),
        payload: {
          name: ' 美美的<b>小店</b> ',
          handle: 'Mei-Shop',
          country: 'CN',
          currency: 'CNY',
          type: 'individual',
          description: 'Hand-made\u0000 hair clips',
        },
      });
      expect(response.statusCode).toBe(201);
      const { store } = response.json();
      expect(store).toMatchObject({
        handle: 'mei-shop',
        name: '美美的小店',
        description: 'Hand-made hair clips',
        verified: false,
        brand_status: 'none',
      });
      const byHandle = await inject({ method: 'GET', url: '/api/v1/stores/mei-shop', headers: { cookie: owner.cookie } });
      expect(byHandle.json().viewer).toEqual({ role: 'owner', following: false });
      expect(byHandle.json().store.storefront_draft).toBeDefined();
      const asStranger = await inject({ method: 'GET', url: `/api/v1/stores/${store.id}` });
      expect(asStranger.json().store.storefront_draft).toBeUndefined();
      const mine = await inject({ method: 'GET', url: '/api/v1/stores/mine', headers: { cookie: owner.cookie } });
      expect(mine.json().data.map((entry: { store: { id: string } }) => entry.store.id)).toContain(store.id);
    });

    it.each([
      [{ handle: 'mei-shop' }, 409, 'handle_taken', 'handle'],
      [{ handle: 'api' }, 409, 'handle_taken', 'handle'],
      [{ handle: 'no spaces!' }, 400, 'validation_failed', 'handle'],
      [{ country: 'XX' }, 400, 'validation_failed', 'country'],
      [{ currency: 'ABC' }, 400, 'validation_failed', 'currency'],
      [{ type: 'mall' }, 400, 'validation_failed', 'type'],
      [{ owner_id: 'usr_x' }, 400, 'unknown_field', 'owner_id'],
    ])('rejects %j with %i %s', async (override, status, code, param) => {
      const payload = {
        name: 'Another',
        handle: `fresh-${Math.random().toString(36).slice(2, 8)}`,
        country: 'CN',
        currency: 'CNY',
        type: 'individual',
        ...override,
      };
      const response = await inject({ method: 'POST', url: '/api/v1/stores', headers: asSession(stranger), payload });
      expect(response.statusCode).toBe(status);
      expect(response.json().error).toMatchObject({ code, param });
    });

    it('needs a signed-in user', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v1/stores',
        payload: { name: 'x', handle: 'anon-shop', country: 'CN', currency: 'CNY', type: 'individual' },
      });
      expect(response.statusCode).toBe(401);
    });
  });

  describe('the team', () => {
    it('lets staff manage products and the storefront but not settings, the team or brand documents', async () => {
      const store = await openStore(harness.app, owner);
      const staff = await signUp(harness.app);
      const added = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/members`,
        headers: asSession(owner),
        payload: { email: staff.email },
      });
      expect(added.statusCode).toBe(201);
      const again = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/members`,
        headers: asSession(owner),
        payload: { email: staff.email },
      });
      expect(again.json().error.code).toBe('already_member');
      const nobody = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/members`,
        headers: asSession(owner),
        payload: { email: 'nobody@example.com' },
      });
      expect(nobody.statusCode).toBe(404);

      await listProduct(harness.app, staff, store.id);
      const storefront = await inject({
        method: 'PUT',
        url: `/api/v1/stores/${store.id}/storefront`,
        headers: asSession(staff),
        payload: { theme_color: '#336699', announcement: '新品上架', logo_image_id: null, banner_image_id: null, sections: [] },
      });
      expect(storefront.statusCode).toBe(200);
      for (const request of [
        { method: 'PATCH', url: `/api/v1/stores/${store.id}`, payload: { name: 'Staff rename' } },
        { method: 'POST', url: `/api/v1/stores/${store.id}/members`, payload: { email: stranger.email } },
        { method: 'DELETE', url: `/api/v1/stores/${store.id}/members/${owner.userId}` },
      ] as const) {
        const response = await inject({ ...request, headers: asSession(staff) });
        expect(response.statusCode, request.url).toBe(403);
      }
      const removeOwner = await inject({
        method: 'DELETE',
        url: `/api/v1/stores/${store.id}/members/${owner.userId}`,
        headers: asSession(owner),
      });
      expect(removeOwner.statusCode).toBe(404);
      const removeStaff = await inject({
        method: 'DELETE',
        url: `/api/v1/stores/${store.id}/members/${staff.userId}`,
        headers: asSession(owner),
      });
      expect(removeStaff.statusCode).toBe(204);
      const afterRemoval = await inject({
        method: 'PUT',
        url: `/api/v1/stores/${store.id}/storefront`,
        headers: asSession(staff),
        payload: storefront.json().store.storefront_draft,
      });
      expect(afterRemoval.statusCode).toBe(400);
    });

    it('answers every write route with 403 for a stranger and 404 for a store that does not exist', async () => {
      const store = await openStore(harness.app, owner);
      const image = await testImage();
      const routes: { method: InjectOptions['method']; path: string; payload?: unknown; image?: boolean }[] = [
        { method: 'PATCH', path: '', payload: { name: 'Taken over' } },
        {
          method: 'PUT',
          path: '/storefront',
          payload: { theme_color: '#000000', announcement: '', logo_image_id: null, banner_image_id: null, sections: [] },
        },
        { method: 'POST', path: '/storefront/publish' },
        { method: 'POST', path: '/images?purpose=logo', image: true },
        { method: 'POST', path: '/members', payload: { email: stranger.email } },
        { method: 'DELETE', path: `/members/${owner.userId}` },
        { method: 'POST', path: '/brand-documents', image: true },
        { method: 'GET', path: '/visits' },
        { method: 'GET', path: '/members' },
      ];
      for (const route of routes) {
        for (const [storeId, expected] of [
          [store.id, 403],
          ['sto_01M80000000000000000000000', 404],
        ] as const) {
          const headers = asSession(stranger, route.image ? { 'content-type': 'image/png' } : {});
          const response = await inject({
            method: route.method,
            url: `/api/v1/stores/${storeId}${route.path}`,
            headers,
            payload: route.image ? image : (route.payload as object),
          });
          expect(response.statusCode, `${route.method} ${route.path}`).toBe(expected);
        }
      }
      const unchanged = await inject({ method: 'GET', url: `/api/v1/stores/${store.id}` });
      expect(unchanged.json().store.name).toBe(store.name);
    });
  });

  describe('the storefront', () => {
    it('keeps edits in a draft the team previews, and shows them to buyers only once published', async () => {
      const store = await openStore(harness.app, owner);
      const product = await listProduct(harness.app, owner, store.id);
      const draftProduct = await listProduct(harness.app, owner, store.id, { status: 'draft', title: '草稿 draft' });
      const logo = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/images?purpose=logo`,
        headers: asSession(owner, { 'content-type': 'image/png' }),
        payload: await testImage('png', 200, 200),
      });
      expect(logo.statusCode).toBe(201);
      const design = {
        theme_color: '#C2255C',
        announcement: '双十一 全场包邮',
        logo_image_id: logo.json().image.id,
        banner_image_id: null,
        sections: [{ title: '热卖', product_ids: [product.id, draftProduct.id] }],
      };
      const saved = await inject({
        method: 'PUT',
        url: `/api/v1/stores/${store.id}/storefront`,
        headers: asSession(owner),
        payload: design,
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json().store.storefront_draft).toMatchObject({ theme_color: '#c2255c', announcement: '双十一 全场包邮' });

      const before = await inject({ method: 'GET', url: `/api/v1/stores/${store.id}/storefront` });
      expect(before.json().storefront.announcement).toBe('');
      const preview = await inject({
        method: 'GET',
        url: `/api/v1/stores/${store.id}/storefront?version=draft`,
        headers: { cookie: owner.cookie },
      });
      expect(preview.json().storefront.sections[0].products).toHaveLength(2);
      expect(preview.json().storefront.logo.urls.thumb).toMatch(/^\/media\/img\//);
      const peek = await inject({
        method: 'GET',
        url: `/api/v1/stores/${store.id}/storefront?version=draft`,
        headers: { cookie: stranger.cookie },
      });
      expect(peek.statusCode).toBe(403);

      expect(
        (await inject({ method: 'POST', url: `/api/v1/stores/${store.id}/storefront/publish`, headers: asSession(owner) })).statusCode,
      ).toBe(200);
      const after = await inject({ method: 'GET', url: `/api/v1/stores/${store.id}/storefront` });
      const published = after.json().storefront;
      expect(published.announcement).toBe('双十一 全场包邮');
      // Buyers see only the active product of the section.
      expect(published.sections[0].products.map((card: { id: string }) => card.id)).toEqual([product.id]);
      expect(after.json().store.storefront.logo.id).toBe(logo.json().image.id);
    });

    it('refuses products and images from another store', async () => {
      const store = await openStore(harness.app, owner);
      const otherStore = await openStore(harness.app, stranger);
      const foreign = await listProduct(harness.app, stranger, otherStore.id);
      const foreignLogo = await inject({
        method: 'POST',
        url: `/api/v1/stores/${otherStore.id}/images?purpose=logo`,
        headers: asSession(stranger, { 'content-type': 'image/png' }),
        payload: await testImage(),
      });
      const base = { theme_color: '#000000', announcement: '', banner_image_id: null };
      const withProduct = await inject({
        method: 'PUT',
        url: `/api/v1/stores/${store.id}/storefront`,
        headers: asSession(owner),
        payload: { ...base, logo_image_id: null, sections: [{ title: 'x', product_ids: [foreign.id] }] },
      });
      expect(withProduct.statusCode).toBe(400);
      expect(withProduct.json().error).toMatchObject({ code: 'invalid_reference', param: 'sections.0.product_ids.0' });
      const withLogo = await inject({
        method: 'PUT',
        url: `/api/v1/stores/${store.id}/storefront`,
        headers: asSession(owner),
        payload: { ...base, logo_image_id: foreignLogo.json().image.id, sections: [] },
      });
      expect(withLogo.json().error).toMatchObject({ code: 'invalid_reference', param: 'storefront.logo_image_id' });
    });
  });

  describe('brand verification', () => {
    it('shows the badge only after an operator approves the documents, which stay private', async () => {
      const brandOwner = await signUp(harness.app);
      const store = await openStore(harness.app, brandOwner, { type: 'brand' });
      const { user: operatorUser } = await createOperator(
        { db: harness.fresh.database.db, clock: harness.clock, passwordHashCost: 10, sessionTtl_ms: 3_600_000 },
        { email: `operator.${dialect}@example.com`, password: 'operator phrase 1' },
      );
      const login = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: operatorUser.email, password: 'operator phrase 1' },
      });
      const operator: Session = {
        cookie: `jishi_session=${login.cookies.find((cookie) => cookie.name === 'jishi_session')?.value}`,
        csrf: login.json().csrf_token,
        userId: operatorUser.id,
        email: operatorUser.email,
      };

      const tooEarly = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/brand-review`,
        headers: asSession(operator),
        payload: { decision: 'approve' },
      });
      expect(tooEarly.statusCode).toBe(409);
      const upload = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/brand-documents?note=trademark`,
        headers: asSession(brandOwner, { 'content-type': 'image/jpeg' }),
        payload: await testImage('jpeg'),
      });
      expect(upload.statusCode).toBe(201);
      const documentId = upload.json().document.id;
      expect((await inject({ method: 'GET', url: `/api/v1/stores/${store.id}` })).json().store.verified).toBe(false);

      const queue = await inject({ method: 'GET', url: '/api/v1/operator/brand-reviews', headers: { cookie: operator.cookie } });
      expect(queue.json().data.map((entry: { id: string }) => entry.id)).toContain(store.id);
      expect(
        (await inject({ method: 'GET', url: '/api/v1/operator/brand-reviews', headers: { cookie: brandOwner.cookie } })).statusCode,
      ).toBe(403);
      const file = await inject({
        method: 'GET',
        url: `/api/v1/stores/${store.id}/brand-documents/${documentId}/file`,
        headers: { cookie: operator.cookie },
      });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/webp');
      expect(
        (
          await inject({
            method: 'GET',
            url: `/api/v1/stores/${store.id}/brand-documents/${documentId}/file`,
            headers: { cookie: stranger.cookie },
          })
        ).statusCode,
      ).toBe(403);
      expect((await inject({ method: 'GET', url: `/media/private/img/${documentId}/large.webp` })).statusCode).toBe(404);

      const selfApprove = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/brand-review`,
        headers: asSession(brandOwner),
        payload: { decision: 'approve' },
      });
      expect(selfApprove.statusCode).toBe(403);
      const approved = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/brand-review`,
        headers: asSession(operator),
        payload: { decision: 'approve', note: 'Trademark matches' },
      });
      expect(approved.statusCode).toBe(200);
      expect(approved.json().store).toMatchObject({ verified: true, brand_status: 'verified' });
      const product = await listProduct(harness.app, brandOwner, store.id);
      const page = await inject({ method: 'GET', url: `/api/v1/products/${product.id}` });
      expect(page.json().store.verified).toBe(true);
    });

    it('is only for brand stores', async () => {
      const store = await openStore(harness.app, owner);
      const response = await inject({
        method: 'POST',
        url: `/api/v1/stores/${store.id}/brand-documents`,
        headers: asSession(owner, { 'content-type': 'image/png' }),
        payload: await testImage(),
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('invalid_transition');
    });
  });

  describe('following and sharing', () => {
    it('follows and unfollows, counting each follower once', async () => {
      const store = await openStore(harness.app, owner);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        expect((await inject({ method: 'POST', url: `/api/v1/stores/${store.id}/follow`, headers: asSession(stranger) })).statusCode).toBe(
          200,
        );
      }
      const viewed = await inject({ method: 'GET', url: `/api/v1/stores/${store.id}`, headers: { cookie: stranger.cookie } });
      expect(viewed.json().store.follower_count).toBe(1);
      expect(viewed.json().viewer.following).toBe(true);
      const following = await inject({ method: 'GET', url: '/api/v1/me/following', headers: { cookie: stranger.cookie } });
      expect(following.json().data.map((summary: { id: string }) => summary.id)).toContain(store.id);
      await inject({ method: 'DELETE', url: `/api/v1/stores/${store.id}/follow`, headers: asSession(stranger) });
      await inject({ method: 'DELETE', url: `/api/v1/stores/${store.id}/follow`, headers: asSession(stranger) });
      expect((await inject({ method: 'GET', url: `/api/v1/stores/${store.id}` })).json().store.follower_count).toBe(0);
    });

    it('makes QR codes that decode to the store page, counted as a QR visit', async () => {
      const store = await openStore(harness.app, owner);
      const svg = await inject({ method: 'GET', url: `/api/v1/stores/${store.id}/qr.svg?download=true` });
      expect(svg.headers['content-type']).toBe('image/svg+xml');
      expect(svg.headers['content-disposition']).toContain(`${store.handle}-qr.svg`);
      expect(svg.body).toContain('<svg');
      const png = await inject({ method: 'GET', url: `/api/v1/stores/${store.handle}/qr.png` });
      expect(await decodeQr(png.rawPayload)).toBe(`https://market.example/s/${store.handle}?src=qr`);
    });

    it('serves share pages with Open Graph tags and counts visits by source and day', async () => {
      const store = await openStore(harness.app, owner, { name: 'Mei & "Co" <饰品>', description: 'Pearls, clips and combs.' });
      for (const source of ['qr', 'qr', 'weibo', 'WeChat', 'spam-network', undefined]) {
        const page = await inject({ method: 'GET', url: `/s/${store.handle}${source ? `?src=${source}` : ''}` });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-type']).toContain('text/html');
        expect(page.body).toContain('<meta property="og:title" content="Mei &amp; &quot;Co&quot; &lt;饰品&gt; · Jishi 集市">');
        expect(page.body).toContain(`<meta property="og:url" content="https://market.example/s/${store.handle}">`);
        expect(page.body).toContain('<meta property="og:description" content="Pearls, clips and combs.">');
      }
      const visits = await inject({ method: 'GET', url: `/api/v1/stores/${store.id}/visits?days=7`, headers: { cookie: owner.cookie } });
      expect(visits.json().totals_by_source).toEqual({ qr: 2, weibo: 1, wechat: 1, other: 1, direct: 1 });
      harness.clock.advance(86_400_000);
      await inject({ method: 'GET', url: `/s/${store.handle}?src=qr` });
      const days = new Set(
        (await inject({ method: 'GET', url: `/api/v1/stores/${store.id}/visits`, headers: { cookie: owner.cookie } }))
          .json()
          .data.map((row: { day: string }) => row.day),
      );
      expect(days.size).toBe(2);
    });
  });
});
