import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { insertRow } from '../../kernel/db/prepared.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { enqueue } from '../../kernel/jobs.js';
import { type AccountRef, account, post } from '../ledger/index.js';
import { lockOrdersWithItems, type OrdersTable, orderProcess, ordersByIds } from '../orders/index.js';
import type { CardDetails, PaymentProvider } from './provider.js';
import type { PaymentsTable, PaymentsTables } from './schema.js';

export interface PaymentsContext {
  db: Executor;
  clock: Clock;
  provider: PaymentProvider;
}

const tables = (db: Executor) => db as Kysely<PaymentsTables>;

export const SANDBOX_CALLBACK_JOB = 'payments.sandbox-callback';
/** How long the sandbox takes to confirm a payment that needs confirmation. */
export const SANDBOX_CONFIRMATION_DELAY_MS = 3000;
export const MAX_TOP_UP_MINOR = 5_000_000;

export function presentPayment(row: PaymentsTable) {
  return {
    id: row.id,
    purpose: row.purpose,
    method: row.method,
    state: row.state,
    amount_minor: row.amount_minor,
    currency: row.currency,
    order_ids: JSON.parse(row.order_ids) as string[],
    failure_reason: row.failure_reason,
    created_at: row.created_at,
  };
}

export async function findPayment(db: Executor, id: string) {
  return tables(db).selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

async function findByKey(db: Executor, userId: string, key: string) {
  return tables(db).selectFrom('payments').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** Where the money comes from: the buyer's wallet, or the provider's clearing account. */
function sourceOf(payment: PaymentsTable): AccountRef {
  return payment.method === 'wallet'
    ? account.buyerWallet(payment.user_id, payment.currency)
    : account.clearing(payment.provider ?? 'sandbox', payment.currency);
}

/**
 * Applies a successful payment exactly once: the compare-and-set from pending to succeeded
 * means a retried request, a repeated webhook or a second server can never move the money
 * twice. An order that expired while the card was being confirmed is not revived: its share
 * goes to the buyer's wallet instead, so no money is lost.
 */
async function settle(tx: Executor, clock: Clock, payment: PaymentsTable): Promise<boolean> {
  const moved = await tables(tx)
    .updateTable('payments')
    .set({ state: 'succeeded', updated_at: clock.nowIso() })
    .where('id', '=', payment.id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return false;
  if (payment.purpose === 'top_up') {
    await post(tx, clock, {
      kind: 'top_up',
      reference_id: payment.id,
      postings: [
        { account: sourceOf(payment), amount_minor: -payment.amount_minor },
        { account: account.buyerWallet(payment.user_id, payment.currency), amount_minor: payment.amount_minor },
      ],
    });
    return true;
  }
  await payEach(tx, clock, payment, await lockOrdersWithItems(tx, JSON.parse(payment.order_ids) as string[]));
  return true;
}

/**
 * Moves a succeeded payment's money into each order's escrow and marks the orders paid; the
 * orders were read in this transaction with their rows locked (`lockOrdersWithItems`).
 */
async function payEach(tx: Executor, clock: Clock, payment: PaymentsTable, locked: Awaited<ReturnType<typeof lockOrdersWithItems>>) {
  const source = sourceOf(payment);
  for (const order of locked.orders) {
    if (order.state !== 'placed') {
      if (payment.method === 'card') {
        await post(tx, clock, {
          kind: 'unpayable_order_credit',
          reference_id: order.id,
          memo: 'the order closed before the payment arrived',
          postings: [
            { account: source, amount_minor: -order.total_minor },
            { account: account.buyerWallet(payment.user_id, payment.currency), amount_minor: order.total_minor },
          ],
        });
      }
      continue;
    }
    await post(tx, clock, {
      kind: 'order_payment',
      reference_id: order.id,
      postings: [
        { account: source, amount_minor: -order.total_minor },
        { account: account.escrow(order.id, order.currency), amount_minor: order.total_minor },
      ],
    });
    await orderProcess.apply(tx, clock, order, 'pay', {
      actor: { type: 'system', id: 'payments' },
      input: {
        payment_id: payment.id,
        paid_via: payment.method === 'wallet' ? 'wallet' : `card:${payment.provider}`,
        items: locked.items.get(order.id) ?? [],
      },
      locked: true,
    });
  }
}

async function markFailed(db: Executor, clock: Clock, paymentId: string, reason: string): Promise<void> {
  await tables(db)
    .updateTable('payments')
    .set({ state: 'failed', failure_reason: reason, updated_at: clock.nowIso() })
    .where('id', '=', paymentId)
    .where('state', '=', 'pending')
    .execute();
}

type PaymentFields = Omit<PaymentsTable, 'id' | 'state' | 'created_at' | 'updated_at' | 'provider_reference' | 'failure_reason'>;

function pendingPayment(clock: Clock, fields: PaymentFields): PaymentsTable {
  const now = clock.nowIso();
  return {
    ...fields,
    id: newId('pay', clock.now_ms()),
    state: 'pending',
    provider_reference: null,
    failure_reason: null,
    created_at: now,
    updated_at: now,
  };
}

async function insertPending(context: PaymentsContext, row: PaymentFields) {
  const payment = pendingPayment(context.clock, row);
  try {
    await tables(context.db).insertInto('payments').values(payment).execute();
    return { payment, created: true };
  } catch (error) {
    const existing = await findByKey(context.db, row.user_id, row.idempotency_key);
    if (existing) return { payment: existing, created: false };
    throw error;
  }
}

/**
 * Charges the card for a pending payment and settles, fails, or waits for the callback. The
 * payment id is the provider's reference, so running this again for the same payment (a
 * retry after a crash or a lost answer) charges at most once and settles at most once.
 */
async function chargeCard(context: PaymentsContext, payment: PaymentsTable, card: CardDetails) {
  const outcome = await context.provider.charge(card, payment.amount_minor, payment.currency, payment.id).catch(() => {
    // Charged or not, the payment stays pending: a retry or the sweep finds out which.
    throw new AppError('provider_unavailable');
  });
  if (outcome.status === 'declined') {
    await markFailed(context.db, context.clock, payment.id, outcome.reason);
    throw new AppError('payment_declined', { param: 'card', message: `The card was declined (${outcome.reason}).` });
  }
  await recordOutcome(context, payment, outcome);
  return (await findPayment(context.db, payment.id)) as PaymentsTable;
}

async function recordOutcome(
  context: PaymentsContext,
  payment: PaymentsTable,
  outcome: { status: 'succeeded' | 'pending'; reference: string },
) {
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const fresh = await findPayment(tx, payment.id);
      if (fresh?.state !== 'pending') return;
      await tx.updateTable('payments').set({ provider_reference: outcome.reference }).where('id', '=', payment.id).execute();
      if (outcome.status === 'succeeded') {
        await settle(tx, context.clock, { ...fresh, provider_reference: outcome.reference });
        return;
      }
      if (fresh.provider_reference !== null) return;
      // The sandbox confirms by a signed callback a few seconds later, as a real provider would.
      await enqueue(tx, context.clock, {
        kind: SANDBOX_CALLBACK_JOB,
        payload: { type: 'charge.succeeded', reference: outcome.reference },
        run_at_ms: context.clock.now_ms() + SANDBOX_CONFIRMATION_DELAY_MS,
      });
    });
}

export const RECONCILE_TICK_JOB = 'payments.reconcile-tick';
export const RECONCILE_JOB = 'payments.reconcile';
/** A card payment still pending this long is asked about at the provider. */
export const RECONCILE_AFTER_MS = 60_000;

/**
 * Settles or fails a card payment whose answer never arrived (the server died between the
 * provider's charge and our transaction, or the client never came back): the provider's
 * record of the charge decides. A charge the provider never made is voided first, so it
 * cannot land after we gave up on it.
 */
export async function reconcilePayment(context: PaymentsContext, payment: PaymentsTable): Promise<void> {
  if (payment.state !== 'pending' || payment.method !== 'card') return;
  let status = await context.provider.lookupCharge(payment.id);
  if (status.status === 'unknown') {
    await context.provider.voidCharge(payment.id, payment.amount_minor, payment.currency);
    status = await context.provider.lookupCharge(payment.id);
  }
  if (status.status === 'declined' || status.status === 'unknown') {
    await markFailed(context.db, context.clock, payment.id, 'not_charged');
    return;
  }
  if (status.status === 'succeeded') await recordOutcome(context, payment, status);
}

/**
 * Schedules the sweep: one tick chain however many servers start (a fixed dedupe key); each
 * tick queues the next and a sweep. Call with a transaction from the tick's handler.
 */
export async function scheduleReconcile(db: Executor, clock: Clock, sweepNow: boolean): Promise<void> {
  await enqueue(db, clock, {
    kind: RECONCILE_TICK_JOB,
    payload: {},
    run_at_ms: clock.now_ms() + RECONCILE_AFTER_MS,
    dedupe_key: RECONCILE_TICK_JOB,
  });
  if (sweepNow) await enqueue(db, clock, { kind: RECONCILE_JOB, payload: {}, run_at_ms: clock.now_ms(), dedupe_key: RECONCILE_JOB });
}

/** The periodic sweep: every pending card payment older than RECONCILE_AFTER_MS. */
export async function reconcilePending(context: PaymentsContext): Promise<number> {
  const cutoff = new Date(context.clock.now_ms() - RECONCILE_AFTER_MS).toISOString();
  const stuck = await tables(context.db)
    .selectFrom('payments')
    .selectAll()
    .where('state', '=', 'pending')
    .where('method', '=', 'card')
    .where('created_at', '<=', cutoff)
    .orderBy('created_at')
    .limit(100)
    .execute();
  for (const payment of stuck) await reconcilePayment(context, payment);
  return stuck.length;
}

/** The orders to pay, checked: the buyer's own, all placed, in one currency; and what they cost. */
async function ordersToPay(db: Executor, userId: string, orderIds: readonly string[]) {
  const unique = [...new Set(orderIds)];
  return payable(await ordersByIds(db, unique), userId, unique);
}

function payable(orders: OrdersTable[], userId: string, unique: readonly string[]) {
  if (orders.length !== unique.length || orders.some((order) => order.buyer_id !== userId)) {
    throw new AppError('not_found', { param: 'order_ids', message: 'No such order.' });
  }
  for (const order of orders) {
    if (order.state !== 'placed') {
      const paid = order.paid_at !== null;
      throw new AppError(paid ? 'already_paid' : 'invalid_transition', {
        param: order.id,
        message: paid ? undefined : `This order is ${order.state}.`,
      });
    }
  }
  const currencies = new Set(orders.map((order) => order.currency));
  if (currencies.size !== 1)
    throw new AppError('validation_failed', { param: 'order_ids', message: 'Pay orders in one currency at a time.' });
  return { orders, currency: orders[0]?.currency ?? 'CNY', amount_minor: orders.reduce((total, order) => total + order.total_minor, 0) };
}

export interface PayInput {
  order_ids: string[];
  method: 'wallet' | 'card';
  card?: CardDetails | undefined;
}

/** Runs in the payment's transaction (the HTTP layer stores its response there). */
type Inside = (tx: Executor, payment: PaymentsTable) => Promise<void>;

function orderPayment(
  userId: string,
  key: string,
  input: PayInput,
  how: Pick<PaymentFields, 'method' | 'provider' | 'amount_minor' | 'currency'>,
): PaymentFields {
  return { ...how, user_id: userId, purpose: 'orders', order_ids: JSON.stringify([...new Set(input.order_ids)]), idempotency_key: key };
}

export async function payOrders(
  context: PaymentsContext,
  userId: string,
  key: string,
  input: PayInput,
  /** For a wallet payment, run in its transaction. */
  inside?: Inside,
): Promise<PaymentsTable> {
  if (input.method === 'wallet') {
    return payFromWallet(context, userId, key, input, inside).catch(async (error: unknown) => {
      // The key is unique per user: this request ran before (its answer was lost) or a
      // duplicate committed first. Either way, answer with that payment.
      const earlier = await findByKey(context.db, userId, key);
      if (earlier) return replay(earlier);
      throw error;
    });
  }
  const existing = await findByKey(context.db, userId, key);
  if (existing) return resume(context, existing, input.card);
  if (!input.card) throw new AppError('validation_failed', { param: 'card', message: 'A card payment needs the card.' });
  const { currency, amount_minor } = await ordersToPay(context.db, userId, input.order_ids);
  const { payment, created } = await insertPending(
    context,
    orderPayment(userId, key, input, { method: 'card', provider: context.provider.name, amount_minor, currency }),
  );
  if (!created) return replay(payment);
  return chargeCard(context, payment, input.card);
}

/**
 * One transaction: the orders read and checked, the payment written as succeeded (the wallet
 * answers at once), the money moved into escrow, the orders marked paid.
 */
function payFromWallet(context: PaymentsContext, userId: string, key: string, input: PayInput, inside?: Inside): Promise<PaymentsTable> {
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const unique = [...new Set(input.order_ids)];
      const locked = await lockOrdersWithItems(tx, unique);
      const { currency, amount_minor } = payable(locked.orders, userId, unique);
      const payment: PaymentsTable = {
        ...pendingPayment(context.clock, orderPayment(userId, key, input, { method: 'wallet', provider: null, amount_minor, currency })),
        state: 'succeeded',
      };
      await insertRow(tx, 'payments', payment, '', { blind: true });
      await payEach(tx, context.clock, payment, locked);
      await inside?.(tx, payment);
      return payment;
    });
}

/**
 * A retry of a card payment that is still pending (its first attempt died or lost its
 * answer): charge again with the same reference, which the provider deduplicates.
 */
async function resume(context: PaymentsContext, payment: PaymentsTable, card: CardDetails | undefined): Promise<PaymentsTable> {
  if (payment.state !== 'pending' || payment.method !== 'card' || !card) return replay(payment);
  return chargeCard(context, payment, card);
}

function replay(payment: PaymentsTable): PaymentsTable {
  if (payment.state === 'failed')
    throw new AppError('payment_declined', { param: 'card', message: `The card was declined (${payment.failure_reason}).` });
  return payment;
}

export async function topUp(
  context: PaymentsContext,
  userId: string,
  key: string,
  input: { amount_minor: number; currency: string; card: CardDetails },
) {
  const existing = await findByKey(context.db, userId, key);
  if (existing) return resume(context, existing, input.card);
  if (input.amount_minor > MAX_TOP_UP_MINOR) throw new AppError('amount_too_large', { param: 'amount_minor' });
  const { payment, created } = await insertPending(context, {
    user_id: userId,
    purpose: 'top_up',
    method: 'card',
    provider: context.provider.name,
    amount_minor: input.amount_minor,
    currency: input.currency,
    order_ids: '[]',
    idempotency_key: key,
  });
  if (!created) return replay(payment);
  return chargeCard(context, payment, input.card);
}

/** A provider's callback: settles or fails the payment it names; a repeat changes nothing. */
export async function handleCallback(context: PaymentsContext, event: { type: string; reference: string }): Promise<'applied' | 'ignored'> {
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const payment = await tx.selectFrom('payments').selectAll().where('provider_reference', '=', event.reference).executeTakeFirst();
      if (!payment) return 'ignored';
      if (event.type === 'charge.succeeded') return (await settle(tx, context.clock, payment)) ? 'applied' : 'ignored';
      if (event.type === 'charge.failed') {
        await markFailed(tx, context.clock, payment.id, 'declined_after_confirmation');
        return 'applied';
      }
      return 'ignored';
    });
}
