import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, newKey, requestsTo, type Session, signUp, type TestApp } from '../../test/support/app.js';
import { listProduct, openStore } from '../../test/support/catalog.js';
import { dialects } from '../../test/support/databases.js';
import { seal, verifyLedger } from '../modules/ledger/index.js';
import { escrowMatchesOrders } from '../modules/orders/index.js';
import { payoutsMatchTransit, SANDBOX_CARDS } from '../modules/payments/index.js';

const GOOD_CARD = { number: SANDBOX_CARDS.succeeds, exp_month: 12, exp_year: 2030, cvc: '123' };
const DAY_MS = 86_400_000;
const key = () => newKey();
const BANK = { holder_name: '李梅 Mei Li', bank_name: '招商银行', account_number: '6225 8800 1234 5678' };

describe.each(dialects)('payouts on %s', (dialect) => {
  let harness: TestApp;
  let app: FastifyInstance;
  let buyer: Session;
  let seller: Session;
  let store: { id: string };

  const { post, get, runJobs } = requestsTo(() => app);
  const available = async () => {
    const stores = (await get(seller, '/api/v1/wallet')).json().stores as { balances: { kind: string; balance_minor: number }[] }[];
    return stores[0]?.balances.find((balance) => balance.kind === 'seller_available')?.balance_minor ?? 0;
  };
  const payout = (amount_minor: number, bank = BANK, idempotencyKey = key()) =>
    post(seller, '/api/v1/wallet/payouts', { store_id: store.id, amount_minor, currency: 'CNY', bank_account: bank }, idempotencyKey);

  async function expectLedgerClean() {
    await seal(app.jishi.database.db);
    expect(await verifyLedger(app.jishi.database.db, [escrowMatchesOrders, payoutsMatchTransit])).toEqual({ ok: true, problems: [] });
  }

  beforeAll(async () => {
    harness = await createTestApp(dialect);
    app = harness.app;
    [buyer, seller] = [await signUp(app), await signUp(app)];
    store = await openStore(app, seller);
    const product = await listProduct(app, seller, store.id, {
      skus: [
        { options: ['红'], price_minor: 20_000, stock: 10, weight_g: 120 },
        { options: ['蓝'], price_minor: 20_000, stock: 10, weight_g: 120 },
      ],
    });
    const address = await post(
      buyer,
      '/api/v1/addresses',
      { recipient: '王芳', phone: '+86 138 0000 0000', country: 'CN', city: '杭州', line1: '文三路 1 号' },
      null,
    );
    // One sale of 200.00, paid by card, received, and past the hold: 190.00 available.
    const checkout = await post(buyer, '/api/v1/checkout', {
      address_id: address.json().address.id,
      items: [{ sku_id: product.skus[0]?.id, quantity: 1, price_minor: 20_000 }],
    });
    const orderId = checkout.json().orders[0].id;
    expect((await post(buyer, '/api/v1/payments', { order_ids: [orderId], method: 'card', card: GOOD_CARD })).statusCode).toBe(201);
    await post(seller, `/api/v1/orders/${orderId}/ship`, { carrier: 'SF', tracking_number: 'SF3000003' }, null);
    await post(buyer, `/api/v1/orders/${orderId}/confirm-receipt`, {});
    harness.clock.advance(3 * DAY_MS);
    await runJobs();
    expect(await available()).toBe(19_000);
  });
  afterAll(async () => harness?.close());

  it('refuses a payout below the minimum, above the available balance, or from someone not the owner, moving nothing', async () => {
    expect((await payout(999)).json().error).toMatchObject({ code: 'amount_too_small', param: 'amount_minor' });
    const tooMuch = await payout(19_001);
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error.code).toBe('insufficient_funds');
    expect(
      (await post(buyer, '/api/v1/wallet/payouts', { store_id: store.id, amount_minor: 5000, currency: 'CNY', bank_account: BANK }))
        .statusCode,
    ).toBe(403);
    expect((await payout(5000, { ...BANK, account_number: '12' })).statusCode).toBe(400);
    expect(
      (await post(seller, '/api/v1/wallet/payouts', { store_id: store.id, amount_minor: 5000, currency: 'CNY', bank_account: BANK }, null))
        .statusCode,
    ).toBe(400);
    expect(await available()).toBe(19_000);
    await expectLedgerClean();
  });

  it('pays out once through the provider, even when the request is retried, and shows only the last four digits', async () => {
    const requestKey = key();
    const first = await payout(8000, BANK, requestKey);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().payout).toMatchObject({ state: 'pending', amount_minor: 8000, account_last4: '5678' });
    expect(first.body).not.toContain('1234');
    expect((await payout(8000, BANK, requestKey)).json().payout.id).toBe(first.json().payout.id);
    expect(await available()).toBe(11_000);
    await runJobs();
    const id = first.json().payout.id;
    expect((await get(seller, `/api/v1/wallet/payouts/${id}`)).json().payout.state).toBe('in_transit');
    harness.clock.advance(3000);
    await runJobs();
    const paid = (await get(seller, `/api/v1/wallet/payouts/${id}`)).json();
    expect(paid.payout).toMatchObject({ state: 'paid' });
    expect(paid.history.map((step: { transition: string }) => step.transition)).toEqual(['send', 'settle']);
    expect(await available()).toBe(11_000);
    expect((await get(buyer, `/api/v1/wallet/payouts/${id}`)).statusCode).toBe(404);
    expect((await get(seller, `/api/v1/wallet/payouts?store_id=${store.id}`)).json().data[0]).toMatchObject({ id, state: 'paid' });
    await expectLedgerClean();
  });

  it('returns the money when the bank bounces the payout or the provider refuses the account', async () => {
    const bounced = await payout(3000, { ...BANK, account_number: '6225880000000000' });
    expect(await available()).toBe(8000);
    await runJobs();
    harness.clock.advance(3000);
    await runJobs();
    expect((await get(seller, `/api/v1/wallet/payouts/${bounced.json().payout.id}`)).json().payout).toMatchObject({
      state: 'failed',
      failure_reason: 'returned_by_bank',
    });
    expect(await available()).toBe(11_000);

    const refused = await payout(3000, { ...BANK, account_number: 'GB-NOT-DIGITS' });
    await runJobs();
    expect((await get(seller, `/api/v1/wallet/payouts/${refused.json().payout.id}`)).json().payout).toMatchObject({
      state: 'failed',
      failure_reason: 'invalid_account',
    });
    expect(await available()).toBe(11_000);
    await expectLedgerClean();
  });
});
