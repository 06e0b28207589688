import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { emit } from '../../kernel/events.js';
import { defineProcess, type TransitionContext } from '../../kernel/fsm.js';
import { newId } from '../../kernel/ids.js';
import { enqueue } from '../../kernel/jobs.js';
import { account, balanceOf, post } from '../ledger/index.js';
import { type BankAccount, sandboxPayoutEvent } from './provider.js';
import type { PayoutState, PayoutsTable, PayoutsTables } from './schema.js';
import { type PaymentsContext, SANDBOX_CALLBACK_JOB, SANDBOX_CONFIRMATION_DELAY_MS } from './service.js';

/**
 * Payouts: a store's owner withdraws its available balance to a bank account. The money
 * leaves `available` for `payouts in transit` when asked (so it cannot be paid out twice),
 * a job sends it through the provider, and the provider's signed callback settles it: paid
 * (in transit → provider clearing) or failed (back to available).
 */
export const PAYOUT_SEND_JOB = 'payments.payout-send';
export const payoutSettings = { minimum_minor: 1000 };

const tables = (db: Executor) => db as Kysely<PayoutsTables>;
type Context = TransitionContext<PayoutState, PayoutsTable, unknown>;

export async function findPayout(db: Executor, id: string): Promise<PayoutsTable | undefined> {
  const row = await tables(db).selectFrom('payouts').selectAll().where('id', '=', id).executeTakeFirst();
  return row;
}

/** A failed payout's money goes back to the store's available balance. */
async function returnMoney(context: Context): Promise<void> {
  const payout = context.subject;
  await post(context.tx, context.clock, {
    kind: 'payout_returned',
    reference_id: payout.id,
    memo: `payout failed: ${(context.input as { reason?: string })?.reason ?? 'unknown'}`,
    postings: [
      { account: account.payoutsInTransit(payout.currency), amount_minor: -payout.amount_minor },
      { account: account.sellerAvailable(payout.store_id, payout.currency), amount_minor: payout.amount_minor },
    ],
  });
  context.stamp({ failure_reason: (context.input as { reason?: string })?.reason ?? 'unknown', settled_at: context.clock.nowIso() });
  await emit(context.tx, context.clock, 'payout.failed', payout.id, { store_id: payout.store_id });
}

export const payoutProcess = defineProcess<PayoutState, PayoutsTable>({
  name: 'payout',
  table: 'payouts',
  states: ['pending', 'in_transit', 'paid', 'failed'],
  initial: 'pending',
  final: ['paid', 'failed'],
  transitions: [
    {
      name: 'send',
      from: ['pending'],
      to: 'in_transit',
      actors: ['system'],
      action: async (context) => context.stamp({ provider_reference: (context.input as { reference: string }).reference }),
    },
    { name: 'reject', from: ['pending'], to: 'failed', actors: ['system'], action: returnMoney },
    {
      name: 'settle',
      from: ['in_transit'],
      to: 'paid',
      actors: ['system'],
      action: async (context) => {
        const payout = context.subject;
        await post(context.tx, context.clock, {
          kind: 'payout_paid',
          reference_id: payout.id,
          memo: 'payout paid',
          postings: [
            { account: account.payoutsInTransit(payout.currency), amount_minor: -payout.amount_minor },
            { account: account.clearing(payout.provider, payout.currency), amount_minor: payout.amount_minor },
          ],
        });
        context.stamp({ settled_at: context.clock.nowIso() });
        await emit(context.tx, context.clock, 'payout.paid', payout.id, { store_id: payout.store_id });
      },
    },
    { name: 'bounce', from: ['in_transit'], to: 'failed', actors: ['system'], action: returnMoney },
  ],
});

export interface PayoutRequest {
  store_id: string;
  amount_minor: number;
  currency: string;
  bank_account: { holder_name: string; bank_name: string; account_number: string };
}

/** Asks for a payout; keyed by (requester, Idempotency-Key): a retry returns the same payout. */
export async function requestPayout(context: PaymentsContext, userId: string, key: string, input: PayoutRequest): Promise<PayoutsTable> {
  if (input.amount_minor < payoutSettings.minimum_minor) {
    throw new AppError('amount_too_small', {
      param: 'amount_minor',
      message: `A payout is at least ${payoutSettings.minimum_minor} (minor units).`,
    });
  }
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const existing = await tables(tx)
        .selectFrom('payouts')
        .selectAll()
        .where('requested_by', '=', userId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      if (existing) return existing;
      const now = context.clock.nowIso();
      const payout: PayoutsTable = {
        id: newId('pyo', context.clock.now_ms()),
        store_id: input.store_id,
        requested_by: userId,
        state: 'pending',
        state_version: 0,
        amount_minor: input.amount_minor,
        currency: input.currency,
        holder_name: input.bank_account.holder_name,
        bank_name: input.bank_account.bank_name,
        account_number: input.bank_account.account_number.replace(/[\s-]/g, ''),
        provider: context.provider.name,
        provider_reference: null,
        failure_reason: null,
        idempotency_key: key,
        created_at: now,
        settled_at: null,
        updated_at: now,
      };
      await tables(tx).insertInto('payouts').values(payout).execute();
      // The ledger refuses to take `available` below zero: that is the balance check.
      await post(tx, context.clock, {
        kind: 'payout',
        reference_id: payout.id,
        memo: `payout to ${payout.bank_name} …${payout.account_number.slice(-4)}`,
        postings: [
          { account: account.sellerAvailable(payout.store_id, payout.currency), amount_minor: -payout.amount_minor },
          { account: account.payoutsInTransit(payout.currency), amount_minor: payout.amount_minor },
        ],
      });
      await enqueue(tx, context.clock, { kind: PAYOUT_SEND_JOB, payload: { payout_id: payout.id }, run_at_ms: context.clock.now_ms() });
      return payout;
    });
}

/**
 * The send job: asks the provider to pay out (outside a transaction: it is a call out), then
 * records its answer. A retry after a crash sends the same payout id as the reference, which
 * a provider deduplicates.
 */
export async function sendPayout(context: PaymentsContext, payoutId: string): Promise<void> {
  const payout = await findPayout(context.db, payoutId);
  if (payout?.state !== 'pending') return;
  const bank: BankAccount = { holder: payout.holder_name, bank: payout.bank_name, account_number: payout.account_number };
  const outcome = await context.provider.payout(bank, payout.amount_minor, payout.currency, payout.id);
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const fresh = await findPayout(tx, payoutId);
      if (fresh?.state !== 'pending') return;
      const actor = { type: 'system' as const, id: context.provider.name };
      if (outcome.status === 'failed') {
        await payoutProcess.apply(tx, context.clock, fresh, 'reject', { actor, input: { reason: outcome.reason } });
        return;
      }
      await payoutProcess.apply(tx, context.clock, fresh, 'send', { actor, input: { reference: outcome.reference } });
      if (context.provider.name === 'sandbox') {
        await enqueue(tx, context.clock, {
          kind: SANDBOX_CALLBACK_JOB,
          payload: { type: sandboxPayoutEvent(bank), reference: outcome.reference },
          run_at_ms: context.clock.now_ms() + SANDBOX_CONFIRMATION_DELAY_MS,
        });
      }
    });
}

/** A provider's payout callback; a repeat, or one for a payout already settled, changes nothing. */
export async function handlePayoutCallback(tx: Executor, clock: Clock, event: { type: string; reference: string }) {
  const row = await tables(tx).selectFrom('payouts').selectAll().where('provider_reference', '=', event.reference).executeTakeFirst();
  if (row?.state !== 'in_transit') return 'ignored' as const;
  const transition = event.type === 'payout.paid' ? 'settle' : 'bounce';
  await payoutProcess.apply(tx, clock, row, transition, {
    actor: { type: 'system', id: 'payment-callback' },
    input: { reason: 'returned_by_bank' },
  });
  return 'applied' as const;
}

export function presentPayout(payout: PayoutsTable) {
  return {
    id: payout.id,
    store_id: payout.store_id,
    state: payout.state,
    amount_minor: payout.amount_minor,
    currency: payout.currency,
    holder_name: payout.holder_name,
    bank_name: payout.bank_name,
    account_last4: payout.account_number.slice(-4),
    failure_reason: payout.failure_reason,
    created_at: payout.created_at,
    settled_at: payout.settled_at,
  };
}

export function payoutsOf(db: Executor, storeId: string, beforeId: string | undefined, limit: number) {
  let query = tables(db).selectFrom('payouts').selectAll().where('store_id', '=', storeId).orderBy('id', 'desc').limit(limit);
  if (beforeId) query = query.where('id', '<', beforeId);
  return query.execute();
}

/**
 * For `jishi ledger verify`: what the payouts-in-transit account holds is exactly what
 * payouts not yet paid or failed carry, per currency.
 */
export async function payoutsMatchTransit(db: Executor): Promise<{ check: string; detail: string }[]> {
  const owed = await tables(db)
    .selectFrom('payouts')
    .select([
      'currency',
      (eb) =>
        eb.fn.sum<number>(eb.case().when('state', 'in', ['pending', 'in_transit']).then(eb.ref('amount_minor')).else(0).end()).as('total'),
    ])
    .groupBy('currency')
    .execute();
  const problems: { check: string; detail: string }[] = [];
  for (const row of owed) {
    const { currency } = row;
    const expected = Number(row.total ?? 0);
    const actual = await balanceOf(db, account.payoutsInTransit(currency));
    if (expected !== actual)
      problems.push({
        check: 'payouts_match_transit',
        detail: `payouts in transit hold ${actual} ${currency}, open payouts carry ${expected}`,
      });
  }
  return problems;
}
