import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asSession,
  createTestApp,
  newKey,
  requestsTo,
  type Session,
  signInOperator,
  signUp,
  type TestApp,
} from '../../test/support/app.js';
import { listProduct, openStore } from '../../test/support/catalog.js';
import { dialects } from '../../test/support/databases.js';
import { testImage } from '../../test/support/images.js';
import { seal, verifyLedger } from '../modules/ledger/index.js';
import { commissionOnRelease, escrowMatchesOrders } from '../modules/orders/index.js';
import { SANDBOX_CARDS } from '../modules/payments/index.js';

const GOOD_CARD = { number: SANDBOX_CARDS.succeeds, exp_month: 12, exp_year: 2030, cvc: '123' };
const HOUR_MS = 3_600_000;
const key = () => newKey();

interface Order {
  id: string;
  state: string;
  total_minor: number;
  commission_minor: number;
  refunded_minor: number;
  released_minor: number;
}

describe.each(dialects)('refunds and disputes on %s', (dialect) => {
  let harness: TestApp;
  let app: FastifyInstance;
  let buyer: Session;
  let seller: Session;
  let stranger: Session;
  let operator: Session;
  let store: { id: string };
  let skuId: string;
  let addressId: string;

  const { post, get, runJobs } = requestsTo(() => app);
  const walletOf = async (session: Session) => {
    const body = (await get(session, '/api/v1/wallet')).json();
    const sum = (balances: { kind: string; balance_minor: number }[], kind: string) =>
      balances.filter((balance) => balance.kind === kind).reduce((total, balance) => total + balance.balance_minor, 0);
    const stores = body.stores as { balances: { kind: string; balance_minor: number }[] }[];
    return {
      wallet: sum(body.balances, 'buyer_wallet'),
      held: stores.reduce((total, entry) => total + sum(entry.balances, 'seller_held'), 0),
    };
  };
  const order = async (id: string) => (await get(buyer, `/api/v1/orders/${id}`)).json().order as Order;

  async function expectLedgerClean() {
    await seal(app.jishi.database.db);
    expect(await verifyLedger(app.jishi.database.db, [escrowMatchesOrders])).toEqual({ ok: true, problems: [] });
  }

  /** One unit bought, paid from the wallet and shipped. */
  async function shippedOrder(): Promise<Order> {
    const checkout = await post(buyer, '/api/v1/checkout', {
      address_id: addressId,
      items: [{ sku_id: skuId, quantity: 1, price_minor: 1990 }],
    });
    expect(checkout.statusCode, checkout.body).toBe(201);
    const placed = checkout.json().orders[0] as Order;
    const paid = await post(buyer, '/api/v1/payments', { order_ids: [placed.id], method: 'wallet' });
    expect(paid.statusCode, paid.body).toBe(201);
    const shipped = await post(seller, `/api/v1/orders/${placed.id}/ship`, { carrier: 'SF', tracking_number: 'SF1000001' }, null);
    expect(shipped.statusCode, shipped.body).toBe(200);
    return shipped.json().order as Order;
  }

  async function requestRefund(orderId: string, amount_minor: number, kind = 'refund_only', idempotencyKey = key()) {
    return post(buyer, '/api/v1/refunds', { order_id: orderId, kind, amount_minor, reason: '尺寸不对 wrong size' }, idempotencyKey);
  }

  beforeAll(async () => {
    harness = await createTestApp(dialect);
    app = harness.app;
    [buyer, seller, stranger] = [await signUp(app), await signUp(app), await signUp(app)];
    operator = await signInOperator(harness);
    store = await openStore(app, seller);
    skuId = (
      await listProduct(app, seller, store.id, {
        skus: [
          { options: ['红'], price_minor: 1990, stock: 100, weight_g: 120 },
          { options: ['蓝'], price_minor: 2490, stock: 1, weight_g: 120 },
        ],
      })
    ).skus[0]?.id as string;
    const address = await post(
      buyer,
      '/api/v1/addresses',
      { recipient: '王芳', phone: '+86 138 0000 0000', country: 'CN', city: '杭州', line1: '文三路 1 号' },
      null,
    );
    addressId = address.json().address.id;
    const topUp = await post(buyer, '/api/v1/wallet/top-ups', { amount_minor: 100_000, currency: 'CNY', card: GOOD_CARD });
    expect(topUp.statusCode, topUp.body).toBe(201);
  });
  afterAll(async () => harness?.close());

  it('refunds part of a shipped order when the seller accepts, and releases the rest less its share of commission', async () => {
    const shipped = await shippedOrder();
    const before = await walletOf(buyer);
    const requestKey = key();
    const requested = await requestRefund(shipped.id, 500, 'refund_only', requestKey);
    expect(requested.statusCode, requested.body).toBe(201);
    const refund = requested.json().refund;
    expect(refund).toMatchObject({ state: 'requested', amount_minor: 500, kind: 'refund_only' });
    expect(refund).toMatchObject({ respond_by: '2026-11-26T08:00:00.000Z', deadline_action: 'auto_accept_refund' });
    expect((await order(shipped.id)).state).toBe('after_sale');
    // The same key again is the same request, not a second one.
    expect((await requestRefund(shipped.id, 500, 'refund_only', requestKey)).json().refund.id).toBe(refund.id);

    expect((await get(seller, `/api/v1/refunds/${refund.id}`)).json().actions).toEqual(['accept', 'decline']);
    expect((await post(buyer, `/api/v1/refunds/${refund.id}/accept`, {})).statusCode).toBe(403);
    expect((await get(stranger, `/api/v1/refunds/${refund.id}`)).statusCode).toBe(404);
    const accepted = await post(seller, `/api/v1/refunds/${refund.id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().refund).toMatchObject({ state: 'refunded', refunded_minor: 500 });
    expect((await walletOf(buyer)).wallet).toBe(before.wallet + 500);
    const resumed = await order(shipped.id);
    expect(resumed).toMatchObject({ state: 'shipped', refunded_minor: 500 });
    // Accepting again moves nothing.
    expect((await post(seller, `/api/v1/refunds/${refund.id}/accept`, {})).json().error.code).toBe('invalid_transition');

    const heldBefore = (await walletOf(seller)).held;
    const confirmed = await post(buyer, `/api/v1/orders/${shipped.id}/confirm-receipt`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const commission = commissionOnRelease(resumed);
    expect(commission).toBeLessThan(resumed.commission_minor);
    expect((await walletOf(seller)).held).toBe(heldBefore + 1990 - 500 - commission);
    await expectLedgerClean();
  });

  it('returns then refunds in full with the return’s tracking number, ending the order as refunded', async () => {
    const shipped = await shippedOrder();
    const before = await walletOf(buyer);
    const refund = (await requestRefund(shipped.id, 1990, 'return_and_refund')).json().refund;
    const accepted = await post(seller, `/api/v1/refunds/${refund.id}/accept`, {});
    expect(accepted.json().refund.state).toBe('awaiting_return');
    expect((await walletOf(buyer)).wallet).toBe(before.wallet);
    expect((await post(buyer, `/api/v1/refunds/${refund.id}/ship-return`, { carrier: 'SF', tracking_number: '??' }, null)).statusCode).toBe(
      400,
    );
    const returned = await post(buyer, `/api/v1/refunds/${refund.id}/ship-return`, { carrier: 'SF', tracking_number: 'SF2000002' }, null);
    expect(returned.json().refund).toMatchObject({ state: 'return_shipped', return_tracking_number: 'SF2000002' });
    expect(returned.json().history.map((step: { transition: string }) => step.transition)).toEqual(['accept_return', 'ship_return']);
    const confirmed = await post(seller, `/api/v1/refunds/${refund.id}/confirm-return`, {});
    expect(confirmed.json().refund.state).toBe('refunded');
    expect((await walletOf(buyer)).wallet).toBe(before.wallet + 1990);
    expect(await order(shipped.id)).toMatchObject({ state: 'refunded', refunded_minor: 1990, released_minor: 0 });
    await expectLedgerClean();
  });

  it('accepts a request the seller leaves unanswered for 48 hours', async () => {
    const shipped = await shippedOrder();
    const before = await walletOf(buyer);
    const refund = (await requestRefund(shipped.id, 1990)).json().refund;
    harness.clock.advance(48 * HOUR_MS - 1000);
    await runJobs();
    expect((await get(buyer, `/api/v1/refunds/${refund.id}`)).json().refund.state).toBe('requested');
    harness.clock.advance(1000);
    await runJobs();
    const after = (await get(buyer, `/api/v1/refunds/${refund.id}`)).json();
    expect(after.refund.state).toBe('refunded');
    expect(after.history.at(-1)).toMatchObject({ transition: 'auto_accept_refund', actor_type: 'system' });
    expect((await walletOf(buyer)).wallet).toBe(before.wallet + 1990);
    expect((await order(shipped.id)).state).toBe('refunded');
    await expectLedgerClean();
  });

  it('refuses refunds that are not allowed, moving no money', async () => {
    const placed = (
      await post(buyer, '/api/v1/checkout', { address_id: addressId, items: [{ sku_id: skuId, quantity: 1, price_minor: 1990 }] })
    ).json().orders[0] as Order;
    expect((await requestRefund(placed.id, 100)).json().error.code).toBe('not_refundable');
    const shipped = await shippedOrder();
    const before = await walletOf(buyer);
    const tooMuch = await requestRefund(shipped.id, 1991);
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error).toMatchObject({ code: 'amount_too_large', param: 'amount_minor' });
    expect(
      (await post(stranger, '/api/v1/refunds', { order_id: shipped.id, kind: 'refund_only', amount_minor: 100, reason: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (await post(buyer, '/api/v1/refunds', { order_id: shipped.id, kind: 'refund_only', amount_minor: 100, reason: 'x' }, null)).json()
        .error.code,
    ).toBe('idempotency_key_required');
    expect((await post(buyer, '/api/v1/refunds', { order_id: shipped.id, kind: 'gift', amount_minor: 100, reason: 'x' })).statusCode).toBe(
      400,
    );
    const first = await requestRefund(shipped.id, 100);
    expect(first.statusCode).toBe(201);
    expect((await requestRefund(shipped.id, 100)).json().error.code).toBe('refund_in_progress');
    expect((await get(stranger, `/api/v1/refunds?store_id=${store.id}`)).statusCode).toBe(404);
    expect((await get(seller, `/api/v1/refunds?store_id=${store.id}`)).json().data.length).toBeGreaterThan(0);
    // The buyer withdraws: the order goes back to where it was, nothing moved.
    const withdrawn = await post(buyer, `/api/v1/refunds/${first.json().refund.id}/withdraw`, {}, null);
    expect(withdrawn.json().refund.state).toBe('withdrawn');
    expect((await order(shipped.id)).state).toBe('shipped');
    expect((await walletOf(buyer)).wallet).toBe(before.wallet);
    await expectLedgerClean();
  });

  it('closes a declined request the buyer does not escalate within 7 days', async () => {
    const shipped = await shippedOrder();
    const refund = (await requestRefund(shipped.id, 300)).json().refund;
    expect((await post(seller, `/api/v1/refunds/${refund.id}/decline`, {}, null)).statusCode).toBe(400);
    const declined = await post(seller, `/api/v1/refunds/${refund.id}/decline`, { reason: '商品完好 item is fine' }, null);
    expect(declined.json().refund).toMatchObject({ state: 'declined', decline_reason: '商品完好 item is fine' });
    expect((await get(buyer, `/api/v1/refunds/${refund.id}`)).json().actions).toEqual(['escalate', 'withdraw']);
    harness.clock.advance(7 * 24 * HOUR_MS);
    await runJobs();
    expect((await get(buyer, `/api/v1/refunds/${refund.id}`)).json().refund.state).toBe('closed');
    expect((await order(shipped.id)).state).toBe('shipped');
    await expectLedgerClean();
  });

  it('takes a declined refund to a dispute with messages and evidence, and the operator awards part of it', async () => {
    const shipped = await shippedOrder();
    const refund = (await requestRefund(shipped.id, 1990)).json().refund;
    await post(seller, `/api/v1/refunds/${refund.id}/decline`, { reason: 'used' }, null);
    expect((await post(stranger, '/api/v1/disputes', { refund_id: refund.id, statement: 'x' })).statusCode).toBe(404);
    const opened = await post(buyer, '/api/v1/disputes', { refund_id: refund.id, statement: '收到时已破损 It arrived broken' });
    expect(opened.statusCode, opened.body).toBe(201);
    const dispute = opened.json().dispute;
    expect(dispute).toMatchObject({ state: 'open', refund_id: refund.id });
    expect((await get(buyer, `/api/v1/refunds/${refund.id}`)).json().refund).toMatchObject({ state: 'disputed', dispute_id: dispute.id });

    const upload = await app.inject({
      method: 'POST',
      url: `/api/v1/disputes/${dispute.id}/evidence`,
      headers: asSession(buyer, { 'content-type': 'image/png' }),
      payload: await testImage('png'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const imageId = upload.json().image.id;
    expect(
      (await post(seller, `/api/v1/disputes/${dispute.id}/messages`, { body: 'mine?', image_ids: [imageId] }, null)).json().error.code,
    ).toBe('invalid_reference');
    expect(
      (await post(buyer, `/api/v1/disputes/${dispute.id}/messages`, { body: '见照片 See the photo', image_ids: [imageId] }, null))
        .statusCode,
    ).toBe(201);
    expect((await post(seller, `/api/v1/disputes/${dispute.id}/messages`, { body: 'It left us whole.' }, null)).statusCode).toBe(201);
    const evidence = await get(seller, `/api/v1/disputes/${dispute.id}/evidence/${imageId}`);
    expect(evidence.statusCode).toBe(200);
    expect(evidence.headers['content-type']).toMatch(/^image\//);
    expect((await get(stranger, `/api/v1/disputes/${dispute.id}/evidence/${imageId}`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/disputes/${dispute.id}`)).statusCode).toBe(404);

    const console = (await get(operator, '/api/v1/disputes?state=open')).json().data.map((row: { id: string }) => row.id);
    expect(console).toContain(dispute.id);
    expect((await get(seller, '/api/v1/disputes')).json().data.map((row: { id: string }) => row.id)).toContain(dispute.id);
    const detail = (await get(operator, `/api/v1/disputes/${dispute.id}`)).json();
    expect(detail.messages.map((message: { author_role: string }) => message.author_role)).toEqual(['buyer', 'seller']);
    expect(detail.actions).toContain('decide');

    const decision = { outcome: 'refund_partial', amount_minor: 800, note: 'Half the damage is shown.' };
    expect((await post(seller, `/api/v1/disputes/${dispute.id}/decide`, decision)).statusCode).toBe(403);
    expect((await post(operator, `/api/v1/disputes/${dispute.id}/decide`, { ...decision, amount_minor: 1990 })).json().error.code).toBe(
      'amount_too_large',
    );
    const buyerBefore = await walletOf(buyer);
    const sellerBefore = await walletOf(seller);
    const decided = await post(operator, `/api/v1/disputes/${dispute.id}/decide`, decision);
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().dispute).toMatchObject({ state: 'decided', outcome: 'refund_partial', refund_amount_minor: 800 });
    expect(decided.json().refund).toMatchObject({ state: 'refunded', refunded_minor: 800 });
    const after = await order(shipped.id);
    expect(after).toMatchObject({ state: 'completed', refunded_minor: 800, released_minor: 1190 });
    expect((await walletOf(buyer)).wallet).toBe(buyerBefore.wallet + 800);
    expect((await walletOf(seller)).held).toBe(sellerBefore.held + 1190 - commissionOnRelease(after));
    expect((await post(operator, `/api/v1/disputes/${dispute.id}/decide`, decision)).json().error.code).toBe('invalid_transition');
    expect((await post(buyer, `/api/v1/disputes/${dispute.id}/messages`, { body: 'late' }, null)).json().error.code).toBe(
      'invalid_transition',
    );
    await expectLedgerClean();
  });

  it('releases escrow to the seller when the operator finds for them', async () => {
    const shipped = await shippedOrder();
    const refund = (await requestRefund(shipped.id, 1000)).json().refund;
    await post(seller, `/api/v1/refunds/${refund.id}/decline`, { reason: 'no' }, null);
    const dispute = (await post(buyer, '/api/v1/disputes', { refund_id: refund.id, statement: 'please' })).json().dispute;
    const sellerBefore = await walletOf(seller);
    const decided = await post(operator, `/api/v1/disputes/${dispute.id}/decide`, { outcome: 'release', note: 'No evidence of damage.' });
    expect(decided.json().refund.state).toBe('closed');
    const after = await order(shipped.id);
    expect(after).toMatchObject({ state: 'completed', refunded_minor: 0, released_minor: 1990 });
    expect((await walletOf(seller)).held).toBe(sellerBefore.held + 1990 - after.commission_minor);
    await expectLedgerClean();
  });

  it('lets the buyer withdraw a dispute, putting the order back where it was', async () => {
    const shipped = await shippedOrder();
    const refund = (await requestRefund(shipped.id, 1000)).json().refund;
    await post(seller, `/api/v1/refunds/${refund.id}/decline`, { reason: 'no' }, null);
    const dispute = (await post(buyer, '/api/v1/disputes', { refund_id: refund.id, statement: 'please' })).json().dispute;
    expect((await post(seller, `/api/v1/disputes/${dispute.id}/withdraw`, {}, null)).statusCode).toBe(403);
    const withdrawn = await post(buyer, `/api/v1/disputes/${dispute.id}/withdraw`, {}, null);
    expect(withdrawn.json().dispute.state).toBe('withdrawn');
    expect(withdrawn.json().refund.state).toBe('withdrawn');
    expect((await order(shipped.id)).state).toBe('shipped');
    await expectLedgerClean();
  });
});
