import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, newKey, requestsTo, type Session, signUp, type TestApp } from '../../test/support/app.js';
import { listProduct, openStore } from '../../test/support/catalog.js';
import { dialects } from '../../test/support/databases.js';
import { READ_MODEL_REFRESH_DELAY_MS } from '../modules/catalog/index.js';
import { seal, verifyLedger } from '../modules/ledger/index.js';
import { escrowMatchesOrders } from '../modules/orders/index.js';
import { SANDBOX_CARDS, signCallback } from '../modules/payments/index.js';

const GOOD_CARD = { number: SANDBOX_CARDS.succeeds, exp_month: 12, exp_year: 2030, cvc: '123' };
const DAY_MS = 86_400_000;
const key = () => newKey();

describe.each(dialects)('buying and escrow on %s', (dialect) => {
  let harness: TestApp;
  let app: FastifyInstance;
  let buyer: Session;
  let sellerA: Session;
  let sellerB: Session;
  let storeA: { id: string };
  let storeB: { id: string };
  let productA: Awaited<ReturnType<typeof listProduct>>;
  let productB: Awaited<ReturnType<typeof listProduct>>;
  let addressId: string;

  const { post, get, runJobs } = requestsTo(() => app);
  const wallet = async (session: Session) => (await get(session, '/api/v1/wallet')).json();
  /** The stock a buyer sees on the product page, once the page has caught up with the sales. */
  const stock = async (productId: string) => {
    harness.clock.advance(READ_MODEL_REFRESH_DELAY_MS);
    await runJobs();
    return (await get(buyer, `/api/v1/products/${productId}`)).json().product.skus.map((sku: { stock: number }) => sku.stock);
  };

  async function verified() {
    await seal(app.jishi.database.db);
    return verifyLedger(app.jishi.database.db, [escrowMatchesOrders]);
  }

  async function buyOne(quantity = 1) {
    await post(buyer, '/api/v1/cart/items', { sku_id: productA.skus[0]?.id, quantity }, null);
    const response = await post(buyer, '/api/v1/checkout', { address_id: addressId });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().orders[0] as { id: string; total_minor: number };
  }

  beforeAll(async () => {
    harness = await createTestApp(dialect);
    app = harness.app;
    [buyer, sellerA, sellerB] = [await signUp(app), await signUp(app), await signUp(app)];
    storeA = await openStore(app, sellerA);
    storeB = await openStore(app, sellerB);
    productA = await listProduct(app, sellerA, storeA.id);
    productB = await listProduct(app, sellerB, storeB.id, { title: '真皮手提包 Leather handbag', category_id: 'cat_handbags' });
    const address = await post(
      buyer,
      '/api/v1/addresses',
      { recipient: '王芳', phone: '+86 138 0000 0000', country: 'CN', city: '杭州', line1: '西湖区文三路 1 号' },
      null,
    );
    expect(address.statusCode, address.body).toBe(201);
    addressId = address.json().address.id;
  });
  afterAll(async () => harness?.close());

  it('checks out a cart across two stores into one order per store, with shipping by each store’s rule', async () => {
    const rule = await app.inject({
      method: 'PUT',
      url: `/api/v1/stores/${storeA.id}/shipping-rule`,
      headers: asSession(sellerA),
      payload: { mode: 'weight', base_minor: 800, first_weight_g: 200, per_kg_minor: 500, free_over_minor: 100_000 },
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const notOwner = await app.inject({
      method: 'PUT',
      url: `/api/v1/stores/${storeA.id}/shipping-rule`,
      headers: asSession(buyer),
      payload: { mode: 'flat', base_minor: 0 },
    });
    expect(notOwner.statusCode).toBe(403);
    await post(buyer, '/api/v1/cart/items', { sku_id: productA.skus[0]?.id, quantity: 2 }, null);
    await post(buyer, '/api/v1/cart/items', { sku_id: productB.skus[1]?.id, quantity: 1 }, null);
    const cart = (await get(buyer, '/api/v1/cart')).json();
    expect(cart.stores).toHaveLength(2);

    const noKey = await post(buyer, '/api/v1/checkout', { address_id: addressId }, null);
    expect(noKey.json().error.code).toBe('idempotency_key_required');
    const checkoutKey = key();
    const response = await post(buyer, '/api/v1/checkout', { address_id: addressId }, checkoutKey);
    expect(response.statusCode, response.body).toBe(201);
    const { orders } = response.json();
    expect(orders).toHaveLength(2);
    const orderA = orders.find((order: { store_id: string }) => order.store_id === storeA.id);
    // 2 × 120 g = 240 g: 800 for the first 200 g, 500 for the next (part of a) kilogram.
    expect(orderA).toMatchObject({ state: 'placed', items_minor: 2 * 1990, shipping_minor: 1300, total_minor: 2 * 1990 + 1300 });
    expect(await stock(productA.id)).toEqual([8, 4]);
    expect((await get(buyer, '/api/v1/cart')).json().stores).toEqual([]);

    const replay = await post(buyer, '/api/v1/checkout', { address_id: addressId }, checkoutKey);
    expect(replay.json().orders.map((order: { id: string }) => order.id)).toEqual(orders.map((order: { id: string }) => order.id));
    expect(await stock(productA.id)).toEqual([8, 4]);
  });

  it('refuses a stale cart price, an out-of-stock SKU and someone else’s address, reserving nothing', async () => {
    await post(buyer, '/api/v1/cart/items', { sku_id: productB.skus[0]?.id, quantity: 1 }, null);
    const priced = await app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${productB.id}/skus/${productB.skus[0]?.id}`,
      headers: asSession(sellerB),
      payload: { price_minor: 2990 },
    });
    expect(priced.statusCode, priced.body).toBe(200);
    const cart = (await get(buyer, '/api/v1/cart')).json();
    expect(cart.stores[0].lines[0]).toMatchObject({ price_changed: true, price_seen_minor: 1990, price_minor: 2990 });
    const stale = await post(buyer, '/api/v1/checkout', { address_id: addressId });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'price_changed', param: productB.skus[0]?.id });
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/cart/items/${productB.skus[0]?.id}`,
      headers: asSession(buyer),
      payload: { quantity: 11 },
    });
    const tooMany = await post(buyer, '/api/v1/checkout', { address_id: addressId });
    expect(tooMany.json().error).toMatchObject({ code: 'out_of_stock', param: productB.skus[0]?.id });
    expect(await stock(productB.id)).toEqual([10, 3]);
    const stranger = await signUp(app);
    const theirs = await post(stranger, '/api/v1/checkout', {
      address_id: addressId,
      items: [{ sku_id: productB.skus[0]?.id, quantity: 1, price_minor: 2990 }],
    });
    expect(theirs.json().error).toMatchObject({ code: 'invalid_reference', param: 'address_id' });
    await app.inject({ method: 'DELETE', url: `/api/v1/cart/items/${productB.skus[0]?.id}`, headers: asSession(buyer) });
  });

  it('pays by card into escrow once, declines a declined card, and refuses paying twice', async () => {
    const orders = (await get(buyer, '/api/v1/orders?state=placed')).json().data as { id: string; total_minor: number }[];
    const ids = orders.map((order) => order.id);
    const declined = await post(buyer, '/api/v1/payments', {
      order_ids: ids,
      method: 'card',
      card: { ...GOOD_CARD, number: SANDBOX_CARDS.declines },
    });
    expect(declined.statusCode).toBe(402);
    expect(declined.json().error.code).toBe('payment_declined');
    const payKey = key();
    const paid = await post(buyer, '/api/v1/payments', { order_ids: ids, method: 'card', card: GOOD_CARD }, payKey);
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json().payment).toMatchObject({
      state: 'succeeded',
      amount_minor: orders.reduce((total, order) => total + order.total_minor, 0),
    });
    const replay = await post(buyer, '/api/v1/payments', { order_ids: ids, method: 'card', card: GOOD_CARD }, payKey);
    expect(replay.json().payment.id).toBe(paid.json().payment.id);
    const again = await post(buyer, '/api/v1/payments', { order_ids: ids, method: 'card', card: GOOD_CARD });
    expect(again.json().error.code).toBe('already_paid');
    for (const id of ids) expect((await get(buyer, `/api/v1/orders/${id}`)).json().order.state).toBe('paid');
    expect(await verified()).toEqual({ ok: true, problems: [] });
  });

  it('keeps orders private: another user gets 404 and cannot confirm them', async () => {
    const [order] = (await get(buyer, '/api/v1/orders')).json().data;
    const stranger = await signUp(app);
    expect((await get(stranger, `/api/v1/orders/${order.id}`)).statusCode).toBe(404);
    expect((await post(stranger, `/api/v1/orders/${order.id}/confirm-receipt`, {})).statusCode).toBe(404);
    expect((await post(stranger, '/api/v1/payments', { order_ids: [order.id], method: 'wallet' })).statusCode).toBe(404);
  });

  it('ships, confirms receipt, and releases escrow to the seller minus commission, held then available', async () => {
    const orderA = (await get(sellerA, `/api/v1/orders?store_id=${storeA.id}&state=paid`)).json().data[0];
    expect((await post(buyer, `/api/v1/orders/${orderA.id}/ship`, { carrier: 'SF', tracking_number: 'SF1234567' }, null)).statusCode).toBe(
      403,
    );
    const shipped = await post(sellerA, `/api/v1/orders/${orderA.id}/ship`, { carrier: 'SF', tracking_number: 'SF1234567' }, null);
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json().order).toMatchObject({ state: 'shipped', tracking_number: 'SF1234567' });
    expect((await post(buyer, `/api/v1/orders/${orderA.id}/confirm-receipt`, {}, null)).json().error.code).toBe('idempotency_key_required');
    const confirmed = await post(buyer, `/api/v1/orders/${orderA.id}/confirm-receipt`, {});
    expect(confirmed.json().order).toMatchObject({ state: 'completed', released_minor: orderA.total_minor });
    expect(confirmed.json().order.history.map((step: { transition: string }) => step.transition)).toEqual([
      'pay',
      'ship',
      'confirm_receipt',
    ]);
    // 5 % of the goods (3,980) is 199; the seller gets the rest of the total.
    const held = orderA.total_minor - 199;
    let balances = (await wallet(sellerA)).stores[0].balances;
    expect(balances).toEqual([expect.objectContaining({ kind: 'seller_held', balance_minor: held })]);
    harness.clock.advance(3 * DAY_MS);
    await runJobs();
    balances = (await wallet(sellerA)).stores[0].balances;
    expect(balances).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'seller_available', balance_minor: held }),
        expect.objectContaining({ kind: 'seller_held', balance_minor: 0 }),
      ]),
    );
    expect(await verified()).toEqual({ ok: true, problems: [] });
  });

  it('confirms receipt by itself 15 days after shipment when no delivery is reported', async () => {
    const orderB = (await get(sellerB, `/api/v1/orders?store_id=${storeB.id}&state=paid`)).json().data[0];
    await post(sellerB, `/api/v1/orders/${orderB.id}/ship`, { carrier: 'YTO', tracking_number: 'YT99887766' }, null);
    harness.clock.advance(15 * DAY_MS - 1000);
    await runJobs();
    expect((await get(buyer, `/api/v1/orders/${orderB.id}`)).json().order.state).toBe('shipped');
    harness.clock.advance(1000);
    await runJobs();
    const after = (await get(buyer, `/api/v1/orders/${orderB.id}`)).json().order;
    expect(after.state).toBe('completed');
    expect(after.history.at(-1)).toMatchObject({ transition: 'auto_confirm_undelivered', actor: 'system' });
  });

  it('cancels an unpaid order after 30 minutes and puts its stock back', async () => {
    const before = await stock(productA.id);
    const order = await buyOne(2);
    expect(await stock(productA.id)).toEqual([(before[0] ?? 0) - 2, before[1]]);
    harness.clock.advance(30 * 60_000);
    await runJobs();
    expect((await get(buyer, `/api/v1/orders/${order.id}`)).json().order.state).toBe('cancelled');
    expect(await stock(productA.id)).toEqual(before);
    expect((await post(buyer, '/api/v1/payments', { order_ids: [order.id], method: 'card', card: GOOD_CARD })).json().error.code).toBe(
      'invalid_transition',
    );
  });

  it('tops up the wallet, pays from it, refuses more than it holds, and refunds a cancelled paid order to it', async () => {
    const topUp = await post(buyer, '/api/v1/wallet/top-ups', { amount_minor: 5000, currency: 'CNY', card: GOOD_CARD });
    expect(topUp.statusCode, topUp.body).toBe(201);
    const order = await buyOne(1);
    const expensive = await buyOne(5);
    const short = await post(buyer, '/api/v1/payments', { order_ids: [expensive.id], method: 'wallet' });
    expect(short.json().error.code).toBe('insufficient_funds');
    expect((await get(buyer, `/api/v1/orders/${expensive.id}`)).json().order.state).toBe('placed');
    const paid = await post(buyer, '/api/v1/payments', { order_ids: [order.id], method: 'wallet' });
    expect(paid.statusCode, paid.body).toBe(201);
    expect((await wallet(buyer)).balances[0].balance_minor).toBe(5000 - order.total_minor);
    const cancelled = await post(buyer, `/api/v1/orders/${order.id}/cancel-and-refund`, {});
    expect(cancelled.json().order).toMatchObject({ state: 'refunded', refunded_minor: order.total_minor });
    expect((await wallet(buyer)).balances[0].balance_minor).toBe(5000);
    expect(await verified()).toEqual({ ok: true, problems: [] });
  });

  it('confirms a card that needs confirmation through a signed callback, and refuses a forged one', async () => {
    const order = await buyOne(1);
    const pending = await post(buyer, '/api/v1/payments', {
      order_ids: [order.id],
      method: 'card',
      card: { ...GOOD_CARD, number: SANDBOX_CARDS.needsConfirmation },
    });
    expect(pending.statusCode, pending.body).toBe(202);
    expect((await get(buyer, `/api/v1/orders/${order.id}`)).json().order.state).toBe('placed');
    const body = JSON.stringify({ type: 'charge.succeeded', reference: 'sbx_whatever' });
    const timestamp = String(Math.floor(harness.clock.now_ms() / 1000));
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/payments/callbacks/sandbox',
      headers: {
        'content-type': 'application/json',
        'x-jishi-timestamp': timestamp,
        'x-jishi-signature': signCallback('not the secret', timestamp, body),
      },
      payload: body,
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('invalid_signature');
    harness.clock.advance(3000);
    await runJobs();
    expect((await get(buyer, `/api/v1/payments/${pending.json().payment.id}`)).json().payment.state).toBe('succeeded');
    expect((await get(buyer, `/api/v1/orders/${order.id}`)).json().order.state).toBe('paid');
    expect(await verified()).toEqual({ ok: true, problems: [] });
  });

  it('sells exactly the stock there is when 200 checkouts race for 50 units', async () => {
    const product = await listProduct(app, sellerA, storeA.id, {
      title: 'Limited run mug',
      options: [{ name: 'Size', values: ['One'] }],
      skus: [{ options: ['One'], price_minor: 500, stock: 50, weight_g: 300 }],
    });
    const skuId = product.skus[0]?.id;
    const buyers = await Promise.all(Array.from({ length: 8 }, () => signUp(app)));
    const addresses = await Promise.all(
      buyers.map(
        async (session) =>
          (
            await post(
              session,
              '/api/v1/addresses',
              { recipient: 'Li', phone: '+86 139 0000 0000', country: 'CN', city: '上海', line1: '1 Road' },
              null,
            )
          ).json().address.id,
      ),
    );
    const attempts = Array.from({ length: 200 }, (_, index) => {
      const which = index % buyers.length;
      return post(buyers[which] as Session, '/api/v1/checkout', {
        address_id: addresses[which],
        items: [{ sku_id: skuId, quantity: 1, price_minor: 500 }],
      });
    });
    const responses = await Promise.all(attempts);
    const codes = responses.map((response) => (response.statusCode === 201 ? 'ok' : response.json().error.code));
    expect(codes.filter((code) => code === 'ok')).toHaveLength(50);
    expect(codes.filter((code) => code === 'out_of_stock')).toHaveLength(150);
    // The product's counter moved with each sale, which marked its page stale; one sweep rebuilds it for all fifty.
    const db = app.jishi.database.db as unknown as Kysely<{
      products: { id: string; stock_total: number; read_model_stale: number };
    }>;
    const row = await db
      .selectFrom('products')
      .select(['stock_total', 'read_model_stale'])
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.stock_total)).toBe(0);
    expect(Number(row.read_model_stale)).toBe(1);
    expect(await stock(product.id)).toEqual([0]);
    const swept = await db.selectFrom('products').select('read_model_stale').where('id', '=', product.id).executeTakeFirstOrThrow();
    expect(Number(swept.read_model_stale)).toBe(0);
  });

  it('keeps checking out and paying while the product page refreshes run beside them, with no server error', async () => {
    const product = await listProduct(app, sellerA, storeA.id, {
      title: 'Busy product',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      skus: [
        { options: ['S'], price_minor: 100, stock: 5000, weight_g: 10 },
        { options: ['M'], price_minor: 100, stock: 5000, weight_g: 10 },
      ],
    });
    const buyers = await Promise.all(Array.from({ length: 16 }, () => signUp(app)));
    const addresses: string[] = [];
    for (const session of buyers) {
      const address = await post(
        session,
        '/api/v1/addresses',
        { recipient: 'Li', phone: '+86 139 0000 0000', country: 'CN', city: '上海', line1: '1 Road' },
        null,
      );
      addresses.push(address.json().address.id);
      expect((await post(session, '/api/v1/wallet/top-ups', { amount_minor: 100_000, currency: 'CNY', card: GOOD_CARD })).statusCode).toBe(
        201,
      );
    }
    // The runner's refreshes run all the while, as under `jishi serve`.
    let running = true;
    const refresher = (async () => {
      while (running) {
        harness.clock.advance(READ_MODEL_REFRESH_DELAY_MS);
        await runJobs();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const statuses: number[] = [];
    await Promise.all(
      buyers.map(async (session, index) => {
        for (let round = 0; round < 12; round += 1) {
          const placed = await post(session, '/api/v1/checkout', {
            address_id: addresses[index],
            items: [{ sku_id: product.skus[round % 2]?.id, quantity: 1, price_minor: 100 }],
          });
          statuses.push(placed.statusCode);
          if (placed.statusCode !== 201) continue;
          const paid = await post(session, '/api/v1/payments', { order_ids: [placed.json().orders[0].id], method: 'wallet' });
          statuses.push(paid.statusCode);
        }
      }),
    );
    running = false;
    await refresher;
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(await stock(product.id)).toEqual([5000 - 96, 5000 - 96]);
    expect((await get(buyer, `/api/v1/products/${product.id}`)).json().product.sold_count).toBe(192);
    expect(await verified()).toEqual({ ok: true, problems: [] });
  });
});
