import type { Kysely } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { emit } from '../../kernel/events.js';
import { defineProcess, type TransitionContext } from '../../kernel/fsm.js';
import { newId } from '../../kernel/ids.js';
import { escrowRemaining, findOrder, orderProcess, refundFromEscrow, type ShipInput } from '../orders/index.js';
import type { AftersaleTables, DisputeOutcome, DisputeState, DisputesTable, RefundState, RefundsTable } from './schema.js';

/**
 * After-sale lifecycles (see README). A refund request holds its order in `after_sale`; the
 * refund's end moves the order on: back where it was (nothing or part refunded), to
 * `refunded` (escrow empty), or, after an operator's decision, to `completed` with what is
 * left released to the seller.
 */
export interface AftersaleSettings {
  /** The seller's time to answer a request before it is accepted for them. */
  sellerResponse_ms: number;
  /** The buyer's time to send an accepted return back. */
  returnShipping_ms: number;
  /** The seller's time to confirm a returned parcel before the refund is made for them. */
  returnConfirm_ms: number;
  /** The buyer's time to escalate a declined request to a dispute. */
  escalate_ms: number;
}

const HOUR_MS = 3_600_000;
export const aftersaleSettings: AftersaleSettings = {
  sellerResponse_ms: 48 * HOUR_MS,
  returnShipping_ms: 7 * 24 * HOUR_MS,
  returnConfirm_ms: 10 * 24 * HOUR_MS,
  escalate_ms: 7 * 24 * HOUR_MS,
};

export function configureAftersale(settings: Partial<AftersaleSettings>): void {
  Object.assign(aftersaleSettings, settings);
}

export const tables = (db: Executor) => db as Kysely<AftersaleTables>;
type RefundContext = TransitionContext<RefundState, RefundsTable, unknown>;

async function orderOf(tx: Executor, refund: RefundsTable) {
  const order = await findOrder(tx, refund.order_id);
  if (!order) throw new Error(`refund ${refund.id} names a missing order ${refund.order_id}`);
  return order;
}

/** Takes the order out of `after_sale`, back to where the refund request found it. */
async function resumeOrder(context: RefundContext): Promise<void> {
  const order = await orderOf(context.tx, context.subject);
  if (order.state !== 'after_sale') return;
  await orderProcess.apply(context.tx, context.clock, order, `resume_${order.resume_state ?? 'shipped'}`, {
    actor: { type: 'system', id: context.subject.id },
    note: `refund ${context.subject.state}`,
  });
}

/**
 * Pays `amount_minor` back from escrow, then moves the order on: `refunded` if escrow is
 * empty; otherwise back to where it was, or (`settle`) completed with the rest released.
 */
async function payRefund(context: RefundContext, amount_minor: number, settle: boolean): Promise<void> {
  const refund = context.subject;
  let order = await orderOf(context.tx, refund);
  order = await refundFromEscrow(context.tx, context.clock, order, {
    amount_minor,
    reference_id: refund.id,
    memo: `refund ${refund.id}`,
  });
  context.stamp({ refunded_minor: refund.refunded_minor + amount_minor });
  await emit(context.tx, context.clock, 'refund.refunded', refund.id, { order_id: order.id, amount_minor, currency: refund.currency });
  const actor = { type: 'system' as const, id: refund.id };
  if (escrowRemaining(order) === 0) await orderProcess.apply(context.tx, context.clock, order, 'close_refunded', { actor });
  else if (settle) await orderProcess.apply(context.tx, context.clock, order, 'settle_after_dispute', { actor });
  else await orderProcess.apply(context.tx, context.clock, order, `resume_${order.resume_state ?? 'shipped'}`, { actor });
}

const isKind = (kind: RefundsTable['kind']) => (refund: RefundsTable) => refund.kind === kind;
function only(kind: RefundsTable['kind']) {
  return (context: RefundContext) => {
    if (context.subject.kind !== kind) throw new AppError('invalid_transition');
  };
}

export interface DecisionInput {
  outcome: DisputeOutcome;
  amount_minor?: number;
  note: string;
}

export const refundProcess = defineProcess<RefundState, RefundsTable>({
  name: 'refund',
  table: 'refunds',
  states: ['requested', 'awaiting_return', 'return_shipped', 'declined', 'disputed', 'refunded', 'withdrawn', 'closed'],
  initial: 'requested',
  final: ['refunded', 'withdrawn', 'closed'],
  transitions: [
    {
      name: 'accept_refund',
      from: ['requested'],
      to: 'refunded',
      actors: ['seller'],
      guard: only('refund_only'),
      action: (context) => payRefund(context, context.subject.amount_minor, false),
    },
    { name: 'accept_return', from: ['requested'], to: 'awaiting_return', actors: ['seller'], guard: only('return_and_refund') },
    {
      name: 'auto_accept_refund',
      from: ['requested'],
      to: 'refunded',
      actors: ['system'],
      after_ms: (refund) => (isKind('refund_only')(refund) ? aftersaleSettings.sellerResponse_ms : undefined),
      action: (context) => payRefund(context, context.subject.amount_minor, false),
    },
    {
      name: 'auto_accept_return',
      from: ['requested'],
      to: 'awaiting_return',
      actors: ['system'],
      after_ms: (refund) => (isKind('return_and_refund')(refund) ? aftersaleSettings.sellerResponse_ms : undefined),
    },
    {
      name: 'decline',
      from: ['requested', 'return_shipped'],
      to: 'declined',
      actors: ['seller'],
      action: async (context) => context.stamp({ decline_reason: (context.input as { reason: string }).reason }),
    },
    {
      name: 'ship_return',
      from: ['awaiting_return'],
      to: 'return_shipped',
      actors: ['buyer'],
      action: async (context) => {
        const input = context.input as ShipInput;
        context.stamp({ return_carrier: input.carrier, return_tracking_number: input.tracking_number });
      },
    },
    {
      name: 'expire_return',
      from: ['awaiting_return'],
      to: 'closed',
      actors: ['system'],
      after_ms: () => aftersaleSettings.returnShipping_ms,
      action: resumeOrder,
    },
    {
      name: 'confirm_return',
      from: ['return_shipped'],
      to: 'refunded',
      actors: ['seller'],
      action: (context) => payRefund(context, context.subject.amount_minor, false),
    },
    {
      name: 'auto_confirm_return',
      from: ['return_shipped'],
      to: 'refunded',
      actors: ['system'],
      after_ms: () => aftersaleSettings.returnConfirm_ms,
      action: (context) => payRefund(context, context.subject.amount_minor, false),
    },
    {
      name: 'withdraw',
      from: ['requested', 'awaiting_return', 'declined', 'disputed'],
      to: 'withdrawn',
      actors: ['buyer'],
      action: async (context) => {
        const dispute = context.subject.dispute_id ? await findDispute(context.tx, context.subject.dispute_id) : undefined;
        if (dispute?.state === 'open') await disputeProcess.apply(context.tx, context.clock, dispute, 'withdraw', { actor: context.actor });
        await resumeOrder(context);
      },
    },
    {
      name: 'escalate',
      from: ['declined'],
      to: 'disputed',
      actors: ['buyer'],
      action: async (context) => {
        const refund = context.subject;
        const now = context.clock.nowIso();
        const id = newId('dsp', context.clock.now_ms());
        await tables(context.tx)
          .insertInto('disputes')
          .values({
            id,
            refund_id: refund.id,
            order_id: refund.order_id,
            store_id: refund.store_id,
            buyer_id: refund.buyer_id,
            state: 'open',
            state_version: 0,
            outcome: null,
            refund_amount_minor: null,
            currency: refund.currency,
            statement: (context.input as { statement: string }).statement,
            decided_note: null,
            decided_by: null,
            created_at: now,
            decided_at: null,
            updated_at: now,
          })
          .execute();
        context.stamp({ dispute_id: id });
        await emit(context.tx, context.clock, 'dispute.opened', id, { refund_id: refund.id, order_id: refund.order_id });
      },
    },
    {
      name: 'close_declined',
      from: ['declined'],
      to: 'closed',
      actors: ['system'],
      after_ms: () => aftersaleSettings.escalate_ms,
      action: resumeOrder,
    },
    {
      name: 'award',
      from: ['disputed'],
      to: 'refunded',
      actors: ['operator'],
      action: (context) => payRefund(context, (context.input as { amount_minor: number }).amount_minor, true),
    },
    {
      name: 'dismiss',
      from: ['disputed'],
      to: 'closed',
      actors: ['operator'],
      action: async (context) => {
        const order = await orderOf(context.tx, context.subject);
        await orderProcess.apply(context.tx, context.clock, order, 'settle_after_dispute', {
          actor: { type: 'system', id: context.subject.id },
        });
      },
    },
  ],
});

export async function findDispute(db: Executor, id: string): Promise<DisputesTable | undefined> {
  const row = await tables(db).selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
  return row;
}

export async function findRefund(db: Executor, id: string): Promise<RefundsTable | undefined> {
  const row = await tables(db).selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
  return row;
}

/**
 * A dispute: the buyer escalated a declined refund, both sides and the operator exchange
 * messages and evidence, and an operator decides: the refund asked for, part of it, or
 * release to the seller. Either way the order ends there.
 */
export const disputeProcess = defineProcess<DisputeState, DisputesTable>({
  name: 'dispute',
  table: 'disputes',
  states: ['open', 'decided', 'withdrawn'],
  initial: 'open',
  final: ['decided', 'withdrawn'],
  transitions: [
    {
      name: 'decide',
      from: ['open'],
      to: 'decided',
      actors: ['operator'],
      action: async (context) => {
        const input = context.input as DecisionInput;
        const refund = await findRefund(context.tx, context.subject.refund_id);
        if (!refund) throw new Error(`dispute ${context.subject.id} names a missing refund`);
        const amount = input.outcome === 'release' ? 0 : input.outcome === 'refund_full' ? refund.amount_minor : (input.amount_minor ?? 0);
        if (input.outcome === 'refund_partial' && (amount <= 0 || amount >= refund.amount_minor)) {
          throw new AppError(amount <= 0 ? 'amount_too_small' : 'amount_too_large', {
            param: 'amount_minor',
            message: 'A partial refund is more than nothing and less than the amount asked for.',
          });
        }
        const changes = {
          outcome: input.outcome,
          refund_amount_minor: amount,
          decided_note: input.note,
          decided_by: context.actor.id,
          decided_at: context.clock.nowIso(),
        };
        context.stamp(changes);
        await refundProcess.apply(context.tx, context.clock, refund, amount > 0 ? 'award' : 'dismiss', {
          actor: context.actor,
          input: { amount_minor: amount },
          note: input.note,
        });
        await emit(context.tx, context.clock, 'dispute.decided', context.subject.id, { outcome: input.outcome, amount_minor: amount });
      },
    },
    { name: 'withdraw', from: ['open'], to: 'withdrawn', actors: ['buyer'] },
  ],
});

/** When the refund's current state ends by itself, and what then happens; null when it waits for a person. */
export function deadlineOf(refund: RefundsTable): { at: string; transition: string } | null {
  for (const transition of refundProcess.definition.transitions) {
    if (!transition.after_ms || !transition.from.includes(refund.state)) continue;
    const delay = transition.after_ms(refund);
    if (delay === undefined) continue;
    return { at: new Date(Date.parse(refund.updated_at) + delay).toISOString(), transition: transition.name };
  }
  return null;
}
