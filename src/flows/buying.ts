import type { FastifyInstance } from 'fastify';
import type { Config } from '../kernel/config.js';
import { Outbox } from '../kernel/events.js';
import { registerTimers } from '../kernel/fsm.js';
import { JobRunner } from '../kernel/jobs.js';
import { aftersaleHttp, configureAftersale, findDispute, findRefund } from '../modules/aftersale/index.js';
import { READ_MODEL_REFRESH_DELAY_MS, refreshStaleProducts } from '../modules/catalog/index.js';
import { seal } from '../modules/ledger/index.js';
import type { MediaContext } from '../modules/media/index.js';
import { configureOrders, findOrder, HOLD_RELEASE_JOB, ordersHttp, releaseHold } from '../modules/orders/index.js';
import {
  findPayout,
  PAYOUT_SEND_JOB,
  paymentCallbacksHttp,
  paymentsHttp,
  payoutSettings,
  RECONCILE_JOB,
  RECONCILE_TICK_JOB,
  reconcilePending,
  SANDBOX_CALLBACK_JOB,
  SandboxProvider,
  scheduleReconcile,
  sendPayout,
} from '../modules/payments/index.js';

/**
 * Buying and escrow, wired together: the job runner (timers, holds, the sandbox's callbacks,
 * outbox deliveries), the outbox, the ledger's sealer, and the orders and payments routes.
 * The runner is created here for every app; `jishi serve` starts it, tests run it by hand.
 */
export interface Buying {
  runner: JobRunner;
  outbox: Outbox;
  provider: SandboxProvider;
}

export async function registerBuying(app: FastifyInstance, modules: MediaContext, config: Config): Promise<Buying> {
  const { db, clock } = modules;
  configureOrders({
    paymentTimeout_ms: config.orderPaymentTimeout_ms,
    autoConfirmAfterDelivery_ms: config.autoConfirmAfterDelivery_ms,
    autoConfirmAfterShipment_ms: config.autoConfirmAfterShipment_ms,
    sellerHold_ms: config.sellerHold_ms,
  });
  configureAftersale({ sellerResponse_ms: config.refundResponse_ms });
  payoutSettings.minimum_minor = config.payoutMinimum_minor;
  const provider = new SandboxProvider(config.sandboxSecret, () => clock.now_ms(), db);
  const context = { db, clock, provider };
  let outbox: Outbox | undefined;
  let swept_ms = Number.NEGATIVE_INFINITY;
  const runner = new JobRunner({
    db,
    clock,
    onError: (error, job) => app.jishi.log.warn({ err: error, job }, 'job failed'),
    beforePass: async () => {
      await outbox?.dispatch();
      await seal(db);
      // Product pages that orders made stale, gathered over READ_MODEL_REFRESH_DELAY_MS at most.
      if (clock.now_ms() - swept_ms >= READ_MODEL_REFRESH_DELAY_MS) {
        swept_ms = clock.now_ms();
        await refreshStaleProducts(db);
      }
    },
  });
  outbox = new Outbox(db, clock, runner);
  registerTimers(runner, clock, {
    order: (tx, id) => findOrder(tx, id),
    refund: (tx, id) => findRefund(tx, id),
    dispute: (tx, id) => findDispute(tx, id),
    payout: (tx, id) => findPayout(tx, id),
  });
  runner.handle(HOLD_RELEASE_JOB, (tx, payload) => releaseHold(tx, clock, payload));
  // The sandbox provider calls back the way a real one does: a signed POST to our callback route.
  runner.handle(
    SANDBOX_CALLBACK_JOB,
    async (_db, payload) => {
      const event = payload as { type: string; reference: string };
      if (event.type === 'charge.succeeded') await provider.confirmCharge(event.reference);
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(clock.now_ms() / 1000));
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/payments/callbacks/${provider.name}`,
        headers: {
          'content-type': 'application/json',
          'x-jishi-timestamp': timestamp,
          'x-jishi-signature': provider.sign(timestamp, body),
        },
        payload: body,
      });
      if (response.statusCode !== 200) throw new Error(`the callback was refused: ${response.statusCode} ${response.body}`);
    },
    { transaction: false },
  );
  runner.handle(PAYOUT_SEND_JOB, (_db, payload) => sendPayout(context, (payload as { payout_id: string }).payout_id), {
    transaction: false,
  });
  // Card payments whose answer was lost (a crash mid-payment) are settled from the provider's record.
  runner.handle(RECONCILE_TICK_JOB, (tx) => scheduleReconcile(tx, clock, true));
  runner.handle(RECONCILE_JOB, () => reconcilePending(context).then(() => undefined), { transaction: false });
  await scheduleReconcile(db, clock, false);
  outbox.subscribe('order.refunded', 'card-refunds', async (_tx, event) => {
    const refund = event.payload as { paid_via?: string | null; amount_minor: number; currency: string };
    if (refund.paid_via?.startsWith('card:')) await provider.refund();
  });
  await app.register(ordersHttp({ db, clock }));
  await app.register(paymentsHttp(context));
  await app.register(paymentCallbacksHttp(context));
  await app.register(aftersaleHttp(modules));
  app.addHook('onClose', async () => runner.stop());
  return { runner, outbox, provider };
}
