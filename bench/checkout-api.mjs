// Buying through Jishi's HTTP API for bench/checkout.mjs: a keep-alive JSON client, and the
// market it buys from (sellers, stores, products with plenty of stock, buyers with an address
// and a wallet topped up with the sandbox card), all made through the public API.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';

export const SANDBOX_CARD = { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' };
const PASSWORD = 'a long passphrase 1';

/**
 * A JSON client over at most `connections` keep-alive sockets. `call` resolves
 * { status, body (parsed), ms }; it never rejects on an HTTP status, only on a socket error.
 */
export function apiClient(base, { connections = 16, timeout_ms = 30_000 } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const url = new URL(base);
  function call(method, path, { session, body, key } = {}) {
    const headers = { accept: 'application/json' };
    let payload;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (session) {
      headers.cookie = session.cookie;
      headers['x-csrf-token'] = session.csrf;
    }
    if (key) headers['idempotency-key'] = key;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method, headers, agent, timeout: timeout_ms }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text for the error message
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed, ms: performance.now() - started });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout after ${timeout_ms} ms: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
  return { base, call, close: () => agent.destroy() };
}

async function expectStatus(promise, status, what) {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function signUp(api, prefix) {
  const email = `${prefix}-${randomBytes(5).toString('hex')}@example.com`;
  const response = await api.call('POST', '/api/v1/auth/signup', { body: { email, password: PASSWORD } });
  if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${JSON.stringify(response.body)}`);
  const cookie = (response.headers['set-cookie'] ?? []).map((line) => /^jishi_session=([^;]+)/.exec(line)).find(Boolean);
  if (!cookie) throw new Error('signup set no jishi_session cookie');
  return { cookie: `jishi_session=${cookie[1]}`, csrf: response.body.csrf_token, userId: response.body.user.id, email };
}

/** Runs `task(index)` for 0 … count-1 with at most `limit` at a time; resolves their results in order. */
export async function inParallel(count, limit, task) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

/**
 * Sellers (one store each, shipping to CN, free shipping), `productsPerStore` products of two
 * SKUs with `stock` units each, and `buyers` buyers with an address in CN and `topUpMinor` in
 * their wallet. Returns { skus: [{ sku_id, product_id, store_id, price_minor }], buyers: [{ session, address_id, address_json }] }.
 */
export async function setUpMarket(api, { stores = 8, productsPerStore = 4, stock = 1_000_000, buyers = 64, topUpMinor = 5_000_000 } = {}) {
  const tag = randomBytes(3).toString('hex');
  const storeRows = await inParallel(stores, 4, async (index) => {
    const seller = await signUp(api, `seller${index}`);
    const store = await expectStatus(
      api.call('POST', '/api/v1/stores', {
        session: seller,
        body: { name: `Bench shop ${index}`, handle: `bench-${tag}-${index}`, country: 'CN', currency: 'CNY', type: 'individual' },
      }),
      201,
      'open a store',
    );
    return { seller, store: store.store };
  });
  const skus = [];
  for (const { seller, store } of storeRows) {
    for (let index = 0; index < productsPerStore; index += 1) {
      const price = 990 + 100 * index;
      const body = await expectStatus(
        api.call('POST', '/api/v1/products', {
          session: seller,
          body: {
            store_id: store.id,
            title: `手机壳 Phone case ${index}`,
            category_id: 'cat_phone-cases',
            options: [{ name: '颜色', values: ['红', '蓝'] }],
            skus: [
              { options: ['红'], price_minor: price, stock, weight_g: 120 },
              { options: ['蓝'], price_minor: price + 50, stock, weight_g: 120 },
            ],
            status: 'active',
          },
        }),
        201,
        'list a product',
      );
      for (const sku of body.product.skus) {
        skus.push({ sku_id: sku.id, product_id: body.product.id, store_id: store.id, price_minor: sku.price_minor, stock: sku.stock });
      }
    }
  }
  const buyerRows = await inParallel(buyers, 4, async (index) => {
    const session = await signUp(api, `buyer${index}`);
    const address = await expectStatus(
      api.call('POST', '/api/v1/addresses', {
        session,
        body: { recipient: '王芳', phone: '+86 138 0000 0000', country: 'CN', city: '杭州', line1: `西湖区文三路 ${index} 号` },
      }),
      201,
      'add an address',
    );
    await expectStatus(
      api.call('POST', '/api/v1/wallet/top-ups', {
        session,
        key: `top-up-${session.userId}`,
        body: { amount_minor: topUpMinor, currency: 'CNY', card: SANDBOX_CARD },
      }),
      201,
      'top up the wallet',
    );
    return { session, address_id: address.address.id, address_json: JSON.stringify(address.address) };
  });
  return { stores: storeRows.map((row) => row.store.id), skus, buyers: buyerRows };
}

/** One buy-now checkout of one unit of `sku`, then its payment (from the wallet, or by card). */
export async function checkoutAndPay(api, buyer, sku, key, { method = 'wallet', card } = {}) {
  const checkout = await api.call('POST', '/api/v1/checkout', {
    session: buyer.session,
    key: `chk-${key}`,
    body: { address_id: buyer.address_id, items: [{ sku_id: sku.sku_id, quantity: 1, price_minor: sku.price_minor }] },
  });
  if (checkout.status !== 201)
    return { ok: false, step: 'checkout', status: checkout.status, body: checkout.body, checkout_ms: checkout.ms };
  const pay = await api.call('POST', '/api/v1/payments', {
    session: buyer.session,
    key: `pay-${key}`,
    body: { order_ids: checkout.body.orders.map((order) => order.id), method, ...(card ? { card } : {}) },
  });
  if (pay.status !== 201) return { ok: false, step: 'pay', status: pay.status, body: pay.body, checkout_ms: checkout.ms, pay_ms: pay.ms };
  return { ok: true, checkout_ms: checkout.ms, pay_ms: pay.ms, order_ids: checkout.body.orders.map((order) => order.id) };
}
