import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.js';
import type { ActorType } from '../../kernel/fsm.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/pagination.js';
import { ErrorResponses } from '../../kernel/http/schemas.js';
import { requireOperator, requireUser } from '../accounts/index.js';
import { findImage, readImageBytes } from '../media/index.js';
import { ParcelBody, viewerRole } from '../orders/index.js';
import { imageBody, roleOf, storesOfMember } from '../stores/index.js';
import { disputeProcess, refundProcess } from './process.js';
import type { DisputesTable, RefundsTable } from './schema.js';
import type { AftersaleContext } from './service.js';
import * as service from './service.js';

const Id = Type.String({ minLength: 1, maxLength: 40 });
const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
const Minor = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 });
const Page = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
};

type Party = Exclude<ActorType, 'system'>;

function page<Row extends { id: string }>(rows: Row[], limit: number) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

export function aftersaleHttp(context: AftersaleContext) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['money'];

    async function requireRefund(request: FastifyRequest, id: string) {
      const refund = await service.findRefund(context.db, id);
      const role = refund ? await viewerRole(context, request, refund) : undefined;
      if (!refund || !role) throw new AppError('not_found', { message: 'No such refund.' });
      return { refund, role };
    }
    async function requireDispute(request: FastifyRequest, id: string) {
      const dispute = await service.findDispute(context.db, id);
      const role = dispute ? await viewerRole(context, request, dispute) : undefined;
      if (!dispute || !role) throw new AppError('not_found', { message: 'No such dispute.' });
      return { dispute, role };
    }
    const refundDetail = async (refund: RefundsTable, role: Party) => ({
      refund: service.presentRefund(refund),
      history: await refundProcess.history(context.db, refund.id),
      viewer: role,
      actions: service.refundActions(refund, role),
    });
    const disputeDetail = async (dispute: DisputesTable, role: Party) => {
      const refund = (await service.findRefund(context.db, dispute.refund_id)) as RefundsTable;
      return {
        dispute: service.presentDispute(dispute),
        refund: service.presentRefund(refund),
        messages: (await service.messagesOf(context.db, dispute.id)).map((message) => ({
          ...message,
          image_ids: JSON.parse(message.image_ids) as string[],
        })),
        history: await disputeProcess.history(context.db, dispute.id),
        viewer: role,
        actions: [
          ...(dispute.state === 'open' ? ['message'] : []),
          ...(role === 'operator' && dispute.state === 'open' ? ['decide'] : []),
          ...(role === 'buyer' && dispute.state === 'open' ? ['withdraw'] : []),
        ],
      };
    };

    app.post(
      '/api/v1/refunds',
      {
        config: { idempotency: 'required' },
        schema: {
          tags,
          summary: 'Ask for a refund (buyer): refund only, or return then refund',
          body: Type.Object(
            {
              order_id: Id,
              kind: Type.Union([Type.Literal('refund_only'), Type.Literal('return_and_refund')]),
              amount_minor: Minor,
              reason: Text(200, 1),
              note: Type.Optional(Text(1000)),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const userId = requireUser(request).user.id;
        const refund = await service.requestRefund(context, userId, String(request.headers['idempotency-key']), request.body);
        return reply.status(201).send(await refundDetail(refund, 'buyer'));
      },
    );

    app.get(
      '/api/v1/refunds',
      {
        schema: {
          tags,
          querystring: Type.Object({ store_id: Type.Optional(Id), order_id: Type.Optional(Id), ...Page }, { additionalProperties: false }),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const principal = requireUser(request);
        const { store_id, order_id, cursor } = request.query;
        const limit = request.query.limit ?? 20;
        if (store_id && !(await roleOf(context.db, store_id, principal.user.id))) throw new AppError('not_found');
        const filter = store_id ? { store_id } : { buyer_id: principal.user.id };
        const rows = await service.refundsOf(context.db, {
          ...filter,
          ...(order_id ? { order_id } : {}),
          ...(decodeCursor(cursor) ? { beforeId: decodeCursor(cursor) as string } : {}),
          limit: limit + 1,
        });
        const result = page(rows, limit);
        return { ...result, data: result.data.map(service.presentRefund) };
      },
    );

    app.get('/api/v1/refunds/:id', { schema: { tags, params: Type.Object({ id: Id }), response: ErrorResponses } }, async (request) => {
      const { refund, role } = await requireRefund(request, request.params.id);
      return refundDetail(refund, role);
    });

    const bodies: Record<string, ReturnType<typeof Type.Object>> = {
      decline: Type.Object({ reason: Text(500, 1) }, { additionalProperties: false }),
      'ship-return': ParcelBody,
    };
    for (const action of ['accept', 'decline', 'ship-return', 'confirm-return', 'withdraw']) {
      app.post(
        `/api/v1/refunds/:id/${action}`,
        {
          config: { idempotency: action === 'accept' || action === 'confirm-return' ? 'required' : 'optional' },
          schema: {
            tags,
            params: Type.Object({ id: Id }),
            body: bodies[action] ?? Type.Optional(Type.Object({ note: Type.Optional(Text(500)) }, { additionalProperties: false })),
            response: ErrorResponses,
          },
        },
        async (request) => {
          const { refund, role } = await requireRefund(request, request.params.id);
          const input = (request.body ?? {}) as { note?: string; reason?: string };
          const transition = service.refundTransitionFor(refund, action) as string;
          const after = await service.actOnRefund(context, refund.id, transition, {
            actor: { type: role, id: requireUser(request).user.id },
            input,
            note: input.note ?? input.reason ?? '',
          });
          return refundDetail(after, role);
        },
      );
    }

    app.post(
      '/api/v1/disputes',
      {
        config: { idempotency: 'required' },
        schema: {
          tags,
          summary: 'Escalate a declined refund to an operator (buyer)',
          body: Type.Object({ refund_id: Id, statement: Text(2000, 1) }, { additionalProperties: false }),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const userId = requireUser(request).user.id;
        const dispute = await service.openDispute(context, userId, request.body.refund_id, request.body.statement);
        return reply.status(201).send(await disputeDetail(dispute, 'buyer'));
      },
    );

    app.get(
      '/api/v1/disputes',
      {
        schema: {
          tags,
          summary: 'Disputes: your own as buyer or seller; every dispute for operators',
          querystring: Type.Object(
            {
              state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('decided'), Type.Literal('withdrawn')])),
              ...Page,
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const principal = requireUser(request);
        const limit = request.query.limit ?? 20;
        const beforeId = decodeCursor(request.query.cursor);
        const scope =
          principal.user.role === 'operator'
            ? {}
            : {
                buyer_id: principal.user.id,
                store_ids: (await storesOfMember({ db: context.db, clock: context.clock } as never, principal.user.id)).map(
                  (store) => store.id,
                ),
              };
        const rows = await service.disputesOf(context.db, {
          ...scope,
          ...(request.query.state ? { state: request.query.state } : {}),
          ...(beforeId ? { beforeId } : {}),
          limit: limit + 1,
        });
        const result = page(rows, limit);
        return { ...result, data: result.data.map(service.presentDispute) };
      },
    );

    app.get('/api/v1/disputes/:id', { schema: { tags, params: Type.Object({ id: Id }), response: ErrorResponses } }, async (request) => {
      const { dispute, role } = await requireDispute(request, request.params.id);
      return disputeDetail(dispute, role);
    });

    app.post(
      '/api/v1/disputes/:id/messages',
      {
        schema: {
          tags,
          params: Type.Object({ id: Id }),
          body: Type.Object(
            { body: Text(2000, 1), image_ids: Type.Optional(Type.Array(Id, { maxItems: service.MAX_EVIDENCE_PER_MESSAGE })) },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const { dispute, role } = await requireDispute(request, request.params.id);
        const message = await service.addMessage(context, dispute, { id: requireUser(request).user.id, role }, request.body);
        return reply.status(201).send({ message: { ...message, image_ids: JSON.parse(message.image_ids) as string[] } });
      },
    );

    app.post(
      '/api/v1/disputes/:id/evidence',
      { schema: { tags, summary: 'Upload an evidence photo (raw image body)', params: Type.Object({ id: Id }) } },
      async (request, reply) => {
        const { dispute } = await requireDispute(request, request.params.id);
        if (dispute.state !== 'open') throw new AppError('invalid_transition', { message: 'This dispute is closed.' });
        const image = await service.uploadEvidence(context, dispute, requireUser(request).user.id, imageBody(request));
        return reply.status(201).send({ image: { id: image.id, width: image.width, height: image.height } });
      },
    );

    app.get(
      '/api/v1/disputes/:id/evidence/:image_id',
      { schema: { tags, params: Type.Object({ id: Id, image_id: Id }) } },
      async (request, reply) => {
        const { dispute } = await requireDispute(request, request.params.id);
        const image = await findImage(context.db, request.params.image_id);
        if (image?.purpose !== 'evidence' || image.store_id !== dispute.store_id) throw new AppError('not_found');
        const blob = await readImageBytes(context, image, 'large');
        if (!blob) throw new AppError('not_found');
        reply.header('cache-control', 'private, no-store');
        return reply.type(blob.contentType).send(blob.bytes);
      },
    );

    app.post(
      '/api/v1/disputes/:id/decide',
      {
        config: { idempotency: 'required' },
        schema: {
          tags: ['operator'],
          summary: 'Decide a dispute (operators): the refund asked for, part of it, or release to the seller',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              outcome: Type.Union([Type.Literal('refund_full'), Type.Literal('refund_partial'), Type.Literal('release')]),
              amount_minor: Type.Optional(Minor),
              note: Text(2000, 1),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const principal = requireOperator(request);
        const dispute = await service.decideDispute(context, principal.user.id, request.params.id, request.body);
        return disputeDetail(dispute, 'operator');
      },
    );

    app.post(
      '/api/v1/disputes/:id/withdraw',
      { schema: { tags, params: Type.Object({ id: Id }), response: ErrorResponses } },
      async (request) => {
        const { dispute, role } = await requireDispute(request, request.params.id);
        if (role !== 'buyer') throw new AppError('forbidden', { message: 'Only the buyer may withdraw a dispute.' });
        await service.actOnRefund(context, dispute.refund_id, 'withdraw', { actor: { type: 'buyer', id: requireUser(request).user.id } });
        return disputeDetail((await service.findDispute(context.db, dispute.id)) as DisputesTable, role);
      },
    );
  };
}
