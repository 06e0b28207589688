/**
 * The after-sale module's public API: refund requests (refund only, or return then refund;
 * all or part of what escrow holds), the seller's answer, disputes an operator decides, with
 * messages and evidence photos.
 */
import { up } from './migrations/2026112415_aftersale_initial.js';

export { aftersaleHttp } from './http.js';
export type { AftersaleSettings } from './process.js';
export { aftersaleSettings, configureAftersale, disputeProcess, findDispute, findRefund, refundProcess } from './process.js';
export type { DisputesTable, RefundState, RefundsTable } from './schema.js';
export type { AftersaleContext } from './service.js';
export { actOnRefund, decideDispute, openDispute, requestRefund } from './service.js';

export const aftersaleMigrations = { '2026112415_aftersale_initial': { up } };
