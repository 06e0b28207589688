import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestApp, newKey, type Session, signUp, type TestApp } from '../../test/support/app.js';
import { listProduct, openStore } from '../../test/support/catalog.js';
import { dialects } from '../../test/support/databases.js';
import { seal, verifyLedger } from '../modules/ledger/index.js';
import { escrowMatchesOrders } from '../modules/orders/index.js';
import { type CardDetails, RECONCILE_AFTER_MS, SANDBOX_CARDS, type SandboxProvider } from '../modules/payments/index.js';

const GOOD_CARD = { number: SANDBOX_CARDS.succeeds, exp_month: 12, exp_year: 2030, cvc: '123' };
const key = () => newKey('recovery');

/**
 * A payment whose answer is lost: the provider charged the card (or never got the request)
 * but the server never recorded it, as when the process dies between the two. The provider
 * here is the real sandbox; only its answer is taken away.
 */
describe.each(dialects)('recovering card payments whose answer was lost, on %s', (dialect) => {
  let harness: TestApp;
  let app: FastifyInstance;
  let buyer: Session;
  let skuId: string;
  let addressId: string;
  let provider: SandboxProvider;
  let realCharge: SandboxProvider['charge'];

  const post = (url: string, payload: unknown, idempotencyKey = key()) =>
    app.inject({ method: 'POST', url, headers: asSession(buyer, { 'idempotency-key': idempotencyKey }), payload: payload as object });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: asSession(buyer) });
  const runJobs = () => app.jishi.buying?.runner.runDue() ?? Promise.resolve(0);

  async function placeOrder(): Promise<string> {
    const checkout = await post('/api/v1/checkout', { address_id: addressId, items: [{ sku_id: skuId, quantity: 1, price_minor: 1990 }] });
    return checkout.json().orders[0].id;
  }
  /** The next charge reaches the provider (or not), and its answer is lost. */
  function loseNextAnswer(charged: boolean) {
    provider.charge = async (card: CardDetails, amount: number, currency: string, reference: string) => {
      provider.charge = realCharge;
      if (charged) await realCharge(card, amount, currency, reference);
      throw new Error('connection reset');
    };
  }
  async function expectLedgerClean() {
    await seal(app.jishi.database.db);
    expect(await verifyLedger(app.jishi.database.db, [escrowMatchesOrders])).toEqual({ ok: true, problems: [] });
  }

  beforeAll(async () => {
    harness = await createTestApp(dialect);
    app = harness.app;
    buyer = await signUp(app);
    const seller = await signUp(app);
    const store = await openStore(app, seller);
    skuId = (await listProduct(app, seller, store.id)).skus[0]?.id as string;
    const address = await post('/api/v1/addresses', {
      recipient: '王芳',
      phone: '+86 138 0000 0000',
      country: 'CN',
      city: '杭州',
      line1: '文三路 1 号',
    });
    addressId = address.json().address.id;
    provider = app.jishi.buying?.provider as SandboxProvider;
    realCharge = provider.charge.bind(provider);
  });
  afterAll(async () => harness?.close());

  it('settles once when the client retries with the same key after the answer was lost', async () => {
    const orderId = await placeOrder();
    const payKey = key();
    loseNextAnswer(true);
    const lost = await post('/api/v1/payments', { order_ids: [orderId], method: 'card', card: GOOD_CARD }, payKey);
    expect(lost.json().error.code).toBe('provider_unavailable');
    expect((await get(`/api/v1/orders/${orderId}`)).json().order.state).toBe('placed');
    const retried = await post('/api/v1/payments', { order_ids: [orderId], method: 'card', card: GOOD_CARD }, payKey);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json().payment.state).toBe('succeeded');
    const again = await post('/api/v1/payments', { order_ids: [orderId], method: 'card', card: GOOD_CARD }, payKey);
    expect(again.json().payment.id).toBe(retried.json().payment.id);
    expect((await get(`/api/v1/orders/${orderId}`)).json().order).toMatchObject({
      state: 'paid',
      history: [expect.objectContaining({ transition: 'pay' })],
    });
    await expectLedgerClean();
  });

  it('settles from the provider’s record when the client never comes back', async () => {
    const orderId = await placeOrder();
    loseNextAnswer(true);
    await post('/api/v1/payments', { order_ids: [orderId], method: 'card', card: GOOD_CARD });
    harness.clock.advance(RECONCILE_AFTER_MS);
    await runJobs();
    await runJobs();
    expect((await get(`/api/v1/orders/${orderId}`)).json().order.state).toBe('paid');
    await expectLedgerClean();
  });

  it('voids a charge the provider never made, so it cannot land later, and fails the payment', async () => {
    const orderId = await placeOrder();
    const payKey = key();
    loseNextAnswer(false);
    const lost = await post('/api/v1/payments', { order_ids: [orderId], method: 'card', card: GOOD_CARD }, payKey);
    const paymentId = (await app.jishi.database.db
      .selectFrom('payments' as never)
      .select('id' as never)
      .where('idempotency_key' as never, '=', payKey as never)
      .executeTakeFirstOrThrow()) as { id: string };
    expect(lost.json().error.code).toBe('provider_unavailable');
    harness.clock.advance(RECONCILE_AFTER_MS);
    await runJobs();
    await runJobs();
    const payment = (await get(`/api/v1/payments/${paymentId.id}`)).json().payment;
    expect(payment).toMatchObject({ state: 'failed', failure_reason: 'not_charged' });
    expect(await provider.charge(GOOD_CARD, 1990, 'CNY', paymentId.id)).toMatchObject({ status: 'declined', reason: 'voided' });
    expect((await get(`/api/v1/orders/${orderId}`)).json().order.state).toBe('placed');
    // A new attempt with a new key pays the order.
    expect((await post('/api/v1/payments', { order_ids: [orderId], method: 'card', card: GOOD_CARD })).statusCode).toBe(201);
    await expectLedgerClean();
  });
});
