/**
 * The payments module's public API: the PaymentProvider interface and the built-in sandbox
 * provider, paying orders into escrow (card or wallet), wallet top-ups, and provider callbacks.
 */
import { up } from './migrations/2026112414_payments_initial.js';

export { paymentCallbacksHttp, paymentsHttp } from './http.js';
export type { BankAccount, CardDetails, ChargeOutcome, PaymentProvider } from './provider.js';
export { SANDBOX_CARDS, SandboxProvider, signCallback } from './provider.js';
export type { PaymentsContext } from './service.js';
export { handleCallback, payOrders, SANDBOX_CALLBACK_JOB, SANDBOX_CONFIRMATION_DELAY_MS, topUp } from './service.js';

export const paymentsMigrations = { '2026112414_payments_initial': { up } };
