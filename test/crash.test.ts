import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/kernel/db/database.js';
import { createPostgresDatabase, dialects } from './support/databases.js';
import { httpJson, type JsonResponse, runJishi, type ServerProcess, type Storage, startServerProcess } from './support/process.js';
import { freePort } from './support/server.js';

/**
 * Buyers check out and pay from several clients at once; the server is killed with SIGKILL
 * in the middle; it is started again on the same database and every request that got no
 * answer is sent again with the same Idempotency-Key and body, as a client must. Then
 * nothing may be lost or doubled: the ledger verifies, each answered checkout has its one
 * order, no order is paid twice, wallets lost exactly what the paid orders cost, and every
 * unit of stock is either still on the shelf or in an order.
 */
const CLIENTS = 8;
const TOP_UP_MINOR = 200_000;
const CARD = { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' };
/** The server is killed this many times, each time once ANSWERED_BEFORE_KILL more operations were answered (and a random moment later). */
const CRASHES = 2;
const ANSWERED_BEFORE_KILL = 30;
/** How long a retry keeps at a key another (dead) request still seems to hold. */
const IN_PROGRESS_PATIENCE_MS = 15_000;

interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

interface Sku {
  id: string;
  price_minor: number;
  stock: number;
}

interface Buyer {
  session: Session;
  addressId: string;
}

type Progress =
  | { state: 'unsent' }
  | { state: 'unanswered'; error: string }
  | { state: 'answered'; response: JsonResponse; attempts: number };

interface Operation {
  marker: string;
  buyer: Buyer;
  checkoutKey: string;
  checkoutBody: { address_id: string; items: { sku_id: string; quantity: number; price_minor: number }[]; note: string };
  payKey: string;
  checkout: Progress;
  pay: Progress;
  /** The steps crashes left without an answer, in order. */
  hits: Step[];
  /** How many times a retry was told the key was still in progress. */
  inProgressAnswers: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function groupBy<Row>(rows: readonly Row[], keyOf: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

function headersOf(session: Session, key?: string): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(key ? { 'idempotency-key': key } : {}) };
}

async function expectAnswer(promise: Promise<JsonResponse>, status: number, what: string) {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

let emails = 0;
async function signUp(url: string): Promise<Session> {
  emails += 1;
  const response = await httpJson(`${url}/api/v1/auth/signup`, {
    method: 'POST',
    body: { email: `crash${emails}.${process.pid}.${Date.now()}@example.com`, password: 'a long passphrase 1' },
  });
  if (response.status !== 201) throw new Error(`signup: ${response.status} ${JSON.stringify(response.body)}`);
  const setCookie = response.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? ''])
    .map((line) => /^jishi_session=([^;]+)/.exec(line))
    .find((match) => match !== null);
  if (!cookie) throw new Error('signup set no session cookie');
  return { cookie: `jishi_session=${cookie[1]}`, csrf: response.body.csrf_token, userId: response.body.user.id };
}

/** Two stores; three plentiful SKUs and a scarce one that sells out during the load; topped-up buyers. */
async function setUpMarket(url: string) {
  const skus: Sku[] = [];
  for (const [storeIndex, stocks] of [
    [0, [5_000, 25]],
    [1, [5_000, 5_000]],
  ] as const) {
    const seller = await signUp(url);
    const store = await expectAnswer(
      httpJson(`${url}/api/v1/stores`, {
        method: 'POST',
        headers: headersOf(seller),
        body: {
          name: `Crash shop ${storeIndex}`,
          handle: `crash-${process.pid}-${Date.now()}-${storeIndex}`,
          country: 'CN',
          currency: 'CNY',
          type: 'individual',
        },
      }),
      201,
      'open a store',
    );
    for (const [index, stock] of stocks.entries()) {
      const product = await expectAnswer(
        httpJson(`${url}/api/v1/products`, {
          method: 'POST',
          headers: headersOf(seller),
          body: {
            store_id: store.store.id,
            title: `Crash test mug ${storeIndex}-${index}`,
            category_id: 'cat_phone-cases',
            options: [{ name: 'Size', values: ['One'] }],
            skus: [{ options: ['One'], price_minor: 1_290 + 100 * index + 10 * storeIndex, stock, weight_g: 200 }],
            status: 'active',
          },
        }),
        201,
        'list a product',
      );
      const sku = product.product.skus[0];
      skus.push({ id: sku.id, price_minor: sku.price_minor, stock: sku.stock });
    }
  }
  const buyers: Buyer[] = [];
  for (let index = 0; index < CLIENTS; index += 1) {
    const session = await signUp(url);
    const address = await expectAnswer(
      httpJson(`${url}/api/v1/addresses`, {
        method: 'POST',
        headers: headersOf(session),
        body: { recipient: '李雷', phone: '+86 139 0000 0000', country: 'CN', city: '上海', line1: `浦东新区 ${index} 号` },
      }),
      201,
      'add an address',
    );
    await expectAnswer(
      httpJson(`${url}/api/v1/wallet/top-ups`, {
        method: 'POST',
        headers: headersOf(session, `top-up-${session.userId}`),
        body: { amount_minor: TOP_UP_MINOR, currency: 'CNY', card: CARD },
      }),
      201,
      'top up',
    );
    buyers.push({ session, addressId: address.address.id });
  }
  return { skus, buyers };
}

function newOperation(buyer: Buyer, client: number, index: number, skus: readonly Sku[]): Operation {
  const sku = skus[(client + index) % skus.length] as Sku;
  const marker = `crash-op-${client}-${index}`;
  return {
    marker,
    buyer,
    checkoutKey: `${marker}-checkout`,
    checkoutBody: {
      address_id: buyer.addressId,
      items: [{ sku_id: sku.id, quantity: 1 + (index % 2), price_minor: sku.price_minor }],
      note: marker,
    },
    payKey: `${marker}-pay`,
    checkout: { state: 'unsent' },
    pay: { state: 'unsent' },
    hits: [],
    inProgressAnswers: 0,
  };
}

const orderIdsOf = (operation: Operation): string[] =>
  operation.checkout.state === 'answered' && operation.checkout.response.status === 201
    ? operation.checkout.response.body.orders.map((order: { id: string }) => order.id)
    : [];

function sendCheckout(url: string, operation: Operation) {
  return httpJson(`${url}/api/v1/checkout`, {
    method: 'POST',
    headers: headersOf(operation.buyer.session, operation.checkoutKey),
    body: operation.checkoutBody,
  });
}

function sendPay(url: string, operation: Operation) {
  return httpJson(`${url}/api/v1/payments`, {
    method: 'POST',
    headers: headersOf(operation.buyer.session, operation.payKey),
    body: { order_ids: orderIdsOf(operation), method: 'wallet' },
  });
}

type Step = 'checkout' | 'pay';

/**
 * Sends one step with its key and body. During the load (`patient` false) no answer means
 * the server has gone: the step stays unanswered and the client stops, as a client whose
 * server went away does. After the last restart (`patient`) it tries until an answer. Either
 * way "still in progress" is waited out: a key whose request died with the server must not
 * stay in progress for long.
 */
async function attempt(step: Step, operation: Operation, send: () => Promise<JsonResponse>, patient: boolean): Promise<boolean> {
  const deadline = Date.now() + IN_PROGRESS_PATIENCE_MS;
  for (let attempts = 1; ; attempts += 1) {
    let response: JsonResponse;
    try {
      response = await send();
    } catch (error) {
      if (!patient || Date.now() > deadline) {
        operation[step] = { state: 'unanswered', error: (error as Error).message };
        operation.hits.push(step);
        return false;
      }
      await sleep(100);
      continue;
    }
    if (response.status !== 409 || response.body?.error?.code !== 'idempotency_request_in_progress') {
      operation[step] = { state: 'answered', response, attempts };
      return true;
    }
    operation.inProgressAnswers += 1;
    if (Date.now() > deadline) {
      operation[step] = { state: 'unanswered', error: 'still idempotency_request_in_progress at the deadline' };
      return false;
    }
    await sleep(250);
  }
}

/** Takes an operation as far as it goes: checkout, then pay; false when an answer did not come. */
async function advance(url: string, operation: Operation, patient: boolean): Promise<boolean> {
  if (operation.checkout.state !== 'answered') {
    await sleep(Math.random() * 15);
    if (!(await attempt('checkout', operation, () => sendCheckout(url, operation), patient))) return false;
  }
  if (orderIdsOf(operation).length === 0 || operation.pay.state === 'answered') return true;
  await sleep(Math.random() * 15);
  return attempt('pay', operation, () => sendPay(url, operation), patient);
}

const isPaid = (operation: Operation) => operation.pay.state === 'answered' && operation.pay.response.status === 201;
const wasRefused = (operation: Operation) =>
  operation.checkout.state === 'answered' && operation.checkout.response.body?.error?.code === 'out_of_stock';

describe.each(dialects)('a server killed in the middle of checkouts and payments, on %s', (dialect) => {
  let storage: Storage;
  let dropDatabase = async () => {};
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    storage = { dataDir: mkdtempSync(join(tmpdir(), 'jishi-crash-')) };
    if (dialect === 'postgres') {
      const created = await createPostgresDatabase();
      storage.databaseUrl = created.url;
      dropDatabase = created.drop;
    }
  });

  afterAll(async () => {
    await server?.kill('SIGKILL');
    await dropDatabase();
    rmSync(storage.dataDir, { recursive: true, force: true });
  });

  it('keeps every answered checkout and payment exactly once, and completes every unanswered one on retry', async () => {
    const port = await freePort();
    server = await startServerProcess(storage, port);
    const { skus, buyers } = await setUpMarket(server.url);

    // The load: each client first finishes what the last crash interrupted, with the same keys,
    // then checks out and pays, one operation after another, until the kill.
    const operations: Operation[] = [];
    const hitNotes: string[] = [];
    for (let crash = 0; crash < CRASHES; crash += 1) {
      const url = server.url;
      let answered = 0;
      const clients = buyers.map(async (buyer, client) => {
        for (const operation of operations.filter((candidate) => candidate.buyer === buyer)) {
          if (!(await advance(url, operation, false))) return;
        }
        for (let index = operations.length; ; index += 1) {
          const operation = newOperation(buyer, client, index, skus);
          operations.push(operation);
          if (!(await advance(url, operation, false))) return;
          answered += 1;
        }
      });
      const loadStarted = Date.now();
      while (answered < ANSWERED_BEFORE_KILL && Date.now() - loadStarted < 30_000) await sleep(20);
      expect(answered, 'the load never got going').toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);
      await sleep(Math.random() * 100);
      await server.kill('SIGKILL');
      await Promise.all(clients);
      hitNotes.push(...(await whereTheCrashLanded(storage, operations, crash)));
      server = await startServerProcess(storage, port);
    }

    const url = server.url;
    await Promise.all(
      buyers.map(async (buyer) => {
        for (const operation of operations.filter((candidate) => candidate.buyer === buyer)) await advance(url, operation, true);
      }),
    );
    await server.kill('SIGTERM');
    server = undefined;

    const summary = JSON.stringify({
      operations: operations.length,
      hit_by_crashes: hitNotes,
      in_progress_answers: operations.reduce((sum, operation) => sum + operation.inProgressAnswers, 0),
    });
    expect(hitNotes.length, summary).toBeGreaterThan(0);
    // Every operation ends paid, or refused for want of stock: nothing is left hanging.
    const unfinished = operations.filter((operation) => !isPaid(operation) && !wasRefused(operation));
    expect(
      unfinished.map((operation) => ({ marker: operation.marker, checkout: operation.checkout, pay: operation.pay })),
      summary,
    ).toEqual([]);

    const verify = runJishi(storage, ['ledger', 'verify', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ ok: true, problems: [] });

    await checkDatabase(storage, operations, skus, buyers);
  }, 150_000);
});

/** Where a kill found each operation it interrupted (committed or not, key left claimed), for failure messages. */
async function whereTheCrashLanded(storage: Storage, operations: readonly Operation[], crash: number): Promise<string[]> {
  const database = openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl, poolSize: 1 });
  const keys = async (query: RawBuilder<{ key: string }>) => new Set((await query.execute(database.db)).rows.map((row) => row.key));
  try {
    const pending = await keys(sql`select key from idempotency_keys where state = 'pending'`);
    const committed = {
      checkout: await keys(sql`select idempotency_key as key from checkouts`),
      pay: await keys(sql`select idempotency_key as key from payments`),
    };
    return operations
      .filter((operation) => operation.hits.length > 0 && operation[operation.hits.at(-1) ?? 'checkout'].state === 'unanswered')
      .map((operation) => {
        const step = operation.hits.at(-1) ?? 'checkout';
        const key = step === 'checkout' ? operation.checkoutKey : operation.payKey;
        return `crash ${crash + 1}: ${operation.marker} ${step} ${committed[step].has(key) ? 'committed' : 'not committed'}${pending.has(key) ? ', key pending' : ''}`;
      });
  } finally {
    await database.close();
  }
}

/** What the database holds, against what the clients were told. */
async function checkDatabase(storage: Storage, operations: Operation[], skus: Sku[], buyers: Buyer[]) {
  const database = openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl, poolSize: 2 });
  const rows = async <Row>(query: RawBuilder<Row>) => (await query.execute(database.db)).rows;
  try {
    const orders = await rows<{
      id: string;
      buyer_id: string;
      checkout_id: string;
      state: string;
      total_minor: number;
      buyer_note: string;
      payment_id: string | null;
    }>(sql`select id, buyer_id, checkout_id, state, total_minor, buyer_note, payment_id from orders`);
    const items = await rows<{ order_id: string; sku_id: string; quantity: number }>(
      sql`select order_id, sku_id, quantity from order_items`,
    );
    const checkouts = await rows<{ id: string; buyer_id: string; idempotency_key: string }>(
      sql`select id, buyer_id, idempotency_key from checkouts`,
    );
    const payments = await rows<{ id: string; state: string; order_ids: string; purpose: string }>(
      sql`select id, state, order_ids, purpose from payments`,
    );
    const paymentEntries = await rows<{ reference_id: string }>(sql`select reference_id from ledger_entries where kind = 'order_payment'`);
    const wallets = await rows<{ owner_id: string; balance: number }>(
      sql`select owner_id, balance from ledger_accounts where kind = 'buyer_wallet'`,
    );
    const stock = await rows<{ id: string; stock: number }>(sql`select id, stock from skus`);
    const adjustments = await rows<{ sku_id: string; delta: number }>(
      sql`select sku_id, delta from stock_adjustments where reason = 'sale'`,
    );

    // One order per operation at most (the note carries the operation), one per answered checkout.
    const byNote = groupBy(orders, (order) => order.buyer_note);
    const doubled = [...byNote]
      .filter(([, group]) => group.length > 1)
      .map(([note, group]) => ({ note, orders: group.map((order) => order.id) }));
    expect(doubled).toEqual([]);
    const byCheckout = groupBy(orders, (order) => order.checkout_id);
    for (const operation of operations) {
      const mine = byNote.get(operation.marker) ?? [];
      if (wasRefused(operation)) {
        expect(mine, operation.marker).toEqual([]);
        continue;
      }
      const checkoutId = operation.checkout.state === 'answered' ? String(operation.checkout.response.body.checkout_id) : '';
      expect(
        mine.map((order) => order.id),
        operation.marker,
      ).toEqual(orderIdsOf(operation));
      expect((byCheckout.get(checkoutId) ?? []).length, operation.marker).toBe(1);
    }
    const checkoutKeys = groupBy(checkouts, (row) => `${row.buyer_id} ${row.idempotency_key}`);
    expect([...checkoutKeys.values()].filter((group) => group.length > 1)).toEqual([]);
    expect(checkouts.length).toBe(orders.length);

    // No payment applied twice: one succeeded payment and one journal entry per paid order.
    const succeededFor = new Map<string, number>();
    for (const payment of payments.filter((row) => row.purpose === 'orders' && row.state === 'succeeded')) {
      for (const orderId of JSON.parse(payment.order_ids) as string[]) succeededFor.set(orderId, (succeededFor.get(orderId) ?? 0) + 1);
    }
    const entriesFor = groupBy(paymentEntries, (entry) => entry.reference_id);
    for (const order of orders) {
      expect(order.state, order.buyer_note).toBe('paid');
      expect(succeededFor.get(order.id) ?? 0, order.buyer_note).toBe(1);
      expect((entriesFor.get(order.id) ?? []).length, order.buyer_note).toBe(1);
      expect(
        payments.some((payment) => payment.id === order.payment_id && payment.state === 'succeeded'),
        order.buyer_note,
      ).toBe(true);
    }
    // Each wallet lost exactly what its paid orders cost.
    for (const buyer of buyers) {
      const spent = orders
        .filter((order) => order.buyer_id === buyer.session.userId)
        .reduce((sum, order) => sum + Number(order.total_minor), 0);
      const wallet = wallets.find((row) => row.owner_id === buyer.session.userId);
      expect(Number(wallet?.balance), buyer.session.userId).toBe(TOP_UP_MINOR - spent);
    }
    // Stock sold plus stock left is the stock there was.
    for (const sku of skus) {
      const sold = items.filter((item) => item.sku_id === sku.id).reduce((sum, item) => sum + Number(item.quantity), 0);
      const left = Number(stock.find((row) => row.id === sku.id)?.stock);
      expect({ sku: sku.id, total: sold + left }).toEqual({ sku: sku.id, total: sku.stock });
      expect(adjustments.filter((row) => row.sku_id === sku.id).reduce((sum, row) => sum + Number(row.delta), 0)).toBe(-sold);
    }
  } finally {
    await database.close();
  }
}
