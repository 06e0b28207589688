import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { emit } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { MediaContext } from '../media/index.js';
import { findImages, saveImage } from '../media/index.js';
import { escrowRemaining, findOrder, orderProcess } from '../orders/index.js';
import { type DecisionInput, deadlineOf, disputeProcess, findDispute, findRefund, refundProcess, tables } from './process.js';
import type { DisputeMessagesTable, DisputesTable, RefundKind, RefundsTable } from './schema.js';

export type AftersaleContext = MediaContext;

export const MAX_MESSAGES_PER_DISPUTE = 200;
export const MAX_EVIDENCE_PER_MESSAGE = 6;
export const MAX_EVIDENCE_PER_DISPUTE = 30;

export interface RefundRequest {
  order_id: string;
  kind: RefundKind;
  amount_minor: number;
  reason: string;
  note?: string | undefined;
}

/**
 * The buyer asks for money back on a shipped or delivered order: all or part of what escrow
 * still holds. The request is keyed by (buyer, Idempotency-Key): a retry returns it again.
 */
export async function requestRefund(context: AftersaleContext, buyerId: string, key: string, input: RefundRequest): Promise<RefundsTable> {
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const existing = await tables(tx)
        .selectFrom('refunds')
        .selectAll()
        .where('buyer_id', '=', buyerId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      if (existing) return existing;
      const order = await findOrder(tx, input.order_id);
      if (!order || order.buyer_id !== buyerId) throw new AppError('not_found', { message: 'No such order.', param: 'order_id' });
      if (order.state === 'after_sale') throw new AppError('refund_in_progress', { param: 'order_id' });
      if (order.state !== 'shipped' && order.state !== 'delivered') throw new AppError('not_refundable', { param: 'order_id' });
      if (input.amount_minor > escrowRemaining(order)) {
        throw new AppError('amount_too_large', {
          param: 'amount_minor',
          message: `At most ${escrowRemaining(order)} (minor units) can still be refunded on this order.`,
        });
      }
      const now = context.clock.nowIso();
      const refund: RefundsTable = {
        id: newId('rfd', context.clock.now_ms()),
        order_id: order.id,
        store_id: order.store_id,
        buyer_id: buyerId,
        kind: input.kind,
        state: 'requested',
        state_version: 0,
        amount_minor: input.amount_minor,
        refunded_minor: 0,
        currency: order.currency,
        reason: input.reason,
        note: input.note ?? '',
        decline_reason: null,
        return_carrier: null,
        return_tracking_number: null,
        dispute_id: null,
        idempotency_key: key,
        created_at: now,
        updated_at: now,
      };
      await tables(tx).insertInto('refunds').values(refund).execute();
      await orderProcess.apply(tx, context.clock, order, 'open_after_sale', {
        actor: { type: 'system', id: refund.id },
        note: `refund ${refund.id} requested`,
      });
      await refundProcess.enter(tx, context.clock, refund);
      await emit(tx, context.clock, 'refund.requested', refund.id, { order_id: order.id, store_id: order.store_id });
      return refund;
    });
}

/** Takes a refund transition in one transaction, from a fresh read of the refund. */
export async function actOnRefund(
  context: AftersaleContext,
  refundId: string,
  transition: string,
  options: { actor: { type: 'buyer' | 'seller' | 'operator'; id: string }; input?: unknown; note?: string },
): Promise<RefundsTable> {
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const refund = await findRefund(tx, refundId);
      if (!refund) throw new AppError('not_found');
      await refundProcess.apply(tx, context.clock, refund, transition, options);
    });
  return (await findRefund(context.db, refundId)) as RefundsTable;
}

/** The path segments people use, by the transition they take for a refund of this kind. */
export function refundTransitionFor(refund: RefundsTable, action: string): string | undefined {
  if (action === 'accept') return refund.kind === 'refund_only' ? 'accept_refund' : 'accept_return';
  const byPath: Record<string, string> = {
    decline: 'decline',
    'ship-return': 'ship_return',
    'confirm-return': 'confirm_return',
    withdraw: 'withdraw',
  };
  return byPath[action];
}

/** What this viewer can do next, as path segments (`escalate` is `POST disputes`). */
export function refundActions(refund: RefundsTable, role: 'buyer' | 'seller' | 'operator'): string[] {
  const names = new Set(refundProcess.available(refund, role));
  const actions: string[] = [];
  if ((refund.kind === 'refund_only' && names.has('accept_refund')) || (refund.kind !== 'refund_only' && names.has('accept_return')))
    actions.push('accept');
  for (const [path, name] of [
    ['decline', 'decline'],
    ['ship-return', 'ship_return'],
    ['confirm-return', 'confirm_return'],
    ['escalate', 'escalate'],
    ['withdraw', 'withdraw'],
  ] as const)
    if (names.has(name)) actions.push(path);
  return actions;
}

export function presentRefund(refund: RefundsTable) {
  const { idempotency_key: _key, state_version: _version, ...fields } = refund;
  const deadline = deadlineOf(refund);
  // When the current state ends by itself, and how: a seller's silence accepts, a buyer's closes.
  return { ...fields, respond_by: deadline?.at ?? null, deadline_action: deadline?.transition ?? null };
}

export function refundsOf(
  db: Executor,
  filter: { buyer_id?: string; store_id?: string; order_id?: string; beforeId?: string; limit: number },
) {
  let query = tables(db).selectFrom('refunds').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.buyer_id) query = query.where('buyer_id', '=', filter.buyer_id);
  if (filter.store_id) query = query.where('store_id', '=', filter.store_id);
  if (filter.order_id) query = query.where('order_id', '=', filter.order_id);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}

/** The buyer escalates a declined refund to an operator. */
export async function openDispute(context: AftersaleContext, buyerId: string, refundId: string, statement: string): Promise<DisputesTable> {
  const refund = await findRefund(context.db, refundId);
  if (!refund || refund.buyer_id !== buyerId) throw new AppError('not_found', { param: 'refund_id' });
  if (refund.dispute_id) return (await findDispute(context.db, refund.dispute_id)) as DisputesTable;
  const after = await actOnRefund(context, refundId, 'escalate', { actor: { type: 'buyer', id: buyerId }, input: { statement } });
  return (await findDispute(context.db, after.dispute_id as string)) as DisputesTable;
}

export async function decideDispute(context: AftersaleContext, operatorId: string, disputeId: string, decision: DecisionInput) {
  await tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const dispute = await findDispute(tx, disputeId);
      if (!dispute) throw new AppError('not_found');
      await disputeProcess.apply(tx, context.clock, dispute, 'decide', {
        actor: { type: 'operator', id: operatorId },
        input: decision,
        note: decision.note,
      });
    });
  return (await findDispute(context.db, disputeId)) as DisputesTable;
}

export function disputesOf(
  db: Executor,
  filter: { buyer_id?: string; store_ids?: string[]; state?: string; beforeId?: string; limit: number },
) {
  let query = tables(db).selectFrom('disputes').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.buyer_id && filter.store_ids)
    query = query.where((where) =>
      where.or([where('buyer_id', '=', filter.buyer_id as string), where('store_id', 'in', [...(filter.store_ids as string[]), ''])]),
    );
  else if (filter.buyer_id) query = query.where('buyer_id', '=', filter.buyer_id);
  if (filter.state) query = query.where('state', '=', filter.state as DisputesTable['state']);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.execute();
}

export function presentDispute(dispute: DisputesTable) {
  const { state_version: _version, ...fields } = dispute;
  return fields;
}

export async function messagesOf(db: Executor, disputeId: string): Promise<DisputeMessagesTable[]> {
  return tables(db).selectFrom('dispute_messages').selectAll().where('dispute_id', '=', disputeId).orderBy('id').execute();
}

/** Evidence photos: private images only the dispute's parties and operators can see. */
export async function uploadEvidence(context: AftersaleContext, dispute: DisputesTable, uploaderId: string, bytes: Buffer) {
  const count = await tables(context.db).selectFrom('dispute_messages').select('image_ids').where('dispute_id', '=', dispute.id).execute();
  const used = count.reduce((sum, row) => sum + (JSON.parse(row.image_ids) as string[]).length, 0);
  if (used >= MAX_EVIDENCE_PER_DISPUTE) throw new AppError('limit_reached', { message: 'This dispute has all the evidence it can take.' });
  return saveImage(context, { bytes, uploaderId, storeId: dispute.store_id, purpose: 'evidence' });
}

export async function addMessage(
  context: AftersaleContext,
  dispute: DisputesTable,
  author: { id: string; role: DisputeMessagesTable['author_role'] },
  input: { body: string; image_ids?: string[] | undefined },
): Promise<DisputeMessagesTable> {
  if (dispute.state !== 'open') throw new AppError('invalid_transition', { message: 'This dispute is closed.' });
  const imageIds = [...new Set(input.image_ids ?? [])];
  const images = await findImages(context.db, imageIds);
  for (const id of imageIds) {
    const image = images.find((row) => row.id === id);
    if (image?.purpose !== 'evidence' || image.uploader_id !== author.id || image.store_id !== dispute.store_id)
      throw new AppError('invalid_reference', { param: 'image_ids', message: `${id} is not evidence you uploaded to this dispute.` });
  }
  return tables(context.db)
    .transaction()
    .execute(async (tx) => {
      const existing = await tables(tx)
        .selectFrom('dispute_messages')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('dispute_id', '=', dispute.id)
        .executeTakeFirstOrThrow();
      if (Number(existing.count) >= MAX_MESSAGES_PER_DISPUTE) throw new AppError('limit_reached');
      const message: DisputeMessagesTable = {
        id: newId('msg', context.clock.now_ms()),
        dispute_id: dispute.id,
        author_id: author.id,
        author_role: author.role,
        body: input.body,
        image_ids: JSON.stringify(imageIds),
        created_at: context.clock.nowIso(),
      };
      await tables(tx).insertInto('dispute_messages').values(message).execute();
      await emit(tx, context.clock, 'dispute.message', dispute.id, { message_id: message.id, author_role: author.role });
      return message;
    });
}

export { findDispute, findRefund };
