/**
 * The payments module's public API: the PaymentProvider interface and the built-in sandbox
 * provider, paying orders into escrow (card or wallet), wallet top-ups, payouts to sellers'
 * bank accounts, and provider callbacks.
 */
import { up } from './migrations/2026112414_payments_initial.js';
import { up as upPayouts, upSandboxCharges } from './migrations/2026112416_payouts.js';

export { paymentCallbacksHttp, paymentsHttp } from './http.js';
export { findPayout, PAYOUT_SEND_JOB, payoutProcess, payoutSettings, payoutsMatchTransit, sendPayout } from './payouts.js';
export type { BankAccount, CardDetails, ChargeOutcome, PaymentProvider } from './provider.js';
export { SANDBOX_CARDS, SandboxProvider, signCallback } from './provider.js';
export type { PaymentsContext } from './service.js';
export {
  handleCallback,
  payOrders,
  RECONCILE_AFTER_MS,
  RECONCILE_JOB,
  RECONCILE_TICK_JOB,
  reconcilePending,
  SANDBOX_CALLBACK_JOB,
  SANDBOX_CONFIRMATION_DELAY_MS,
  scheduleReconcile,
  topUp,
} from './service.js';

export const paymentsMigrations = {
  '2026112414_payments_initial': { up },
  '2026112416_payouts': { up: upPayouts },
  '2026112418_payments_sandbox_charges': { up: upSandboxCharges },
};
