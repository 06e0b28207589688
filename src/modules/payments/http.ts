import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.js';
import { keyedResponse } from '../../kernel/http/idempotency.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/pagination.js';
import { ErrorResponses } from '../../kernel/http/schemas.js';
import { requireUser } from '../accounts/index.js';
import { accountHistory, balancesOf } from '../ledger/index.js';
import { requireStoreRole, storesOfMember } from '../stores/index.js';
import * as payouts from './payouts.js';
import type { PaymentsTable } from './schema.js';
import type { PaymentsContext } from './service.js';
import * as service from './service.js';

const Card = Type.Object(
  {
    number: Type.String({ pattern: '^[0-9 -]{12,23}$' }),
    exp_month: Type.Integer({ minimum: 1, maximum: 12 }),
    exp_year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    cvc: Type.String({ pattern: '^[0-9]{3,4}$' }),
  },
  { additionalProperties: false },
);
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });

export function paymentsHttp(context: PaymentsContext) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['money'];

    app.post(
      '/api/v1/payments',
      {
        config: { idempotency: 'keyed' },
        schema: {
          tags,
          body: Type.Object(
            {
              order_ids: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 50 }),
              method: Type.Union([Type.Literal('wallet'), Type.Literal('card')]),
              card: Type.Optional(Card),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const userId = requireUser(request).user.id;
        const response = keyedResponse<PaymentsTable>(request, reply);
        const payment = await service.payOrders(context, userId, String(request.headers['idempotency-key']), request.body, (tx, paid) =>
          response.store(tx, 201, paid, { payment: service.presentPayment(paid) }),
        );
        return response.send(payment.state === 'pending' ? 202 : 201, payment, () => ({ payment: service.presentPayment(payment) }));
      },
    );

    app.get(
      '/api/v1/payments/:id',
      { schema: { tags, params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: ErrorResponses } },
      async (request) => {
        const payment = await service.findPayment(context.db, request.params.id);
        if (!payment || payment.user_id !== requireUser(request).user.id) throw new AppError('not_found');
        return { payment: service.presentPayment(payment) };
      },
    );

    app.post(
      '/api/v1/wallet/top-ups',
      {
        config: { idempotency: 'required' },
        schema: {
          tags,
          body: Type.Object(
            { amount_minor: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), currency: Currency, card: Card },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const userId = requireUser(request).user.id;
        const payment = await service.topUp(context, userId, String(request.headers['idempotency-key']), request.body);
        return reply.status(payment.state === 'pending' ? 202 : 201).send({ payment: service.presentPayment(payment) });
      },
    );

    app.post(
      '/api/v1/wallet/payouts',
      {
        config: { idempotency: 'required' },
        schema: {
          tags,
          summary: 'Withdraw a store’s available balance to a bank account (store owner)',
          body: Type.Object(
            {
              store_id: Type.String({ minLength: 1, maxLength: 40 }),
              amount_minor: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
              currency: Currency,
              bank_account: Type.Object(
                {
                  holder_name: Type.String({ minLength: 1, maxLength: 100 }),
                  bank_name: Type.String({ minLength: 1, maxLength: 100 }),
                  account_number: Type.String({ pattern: '^[A-Za-z0-9 -]{4,40}$' }),
                },
                { additionalProperties: false },
              ),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const principal = requireUser(request);
        await requireStoreRole(context.db, request.body.store_id, principal, ['owner']);
        const payout = await payouts.requestPayout(context, principal.user.id, String(request.headers['idempotency-key']), request.body);
        return reply.status(201).send({ payout: payouts.presentPayout(payout) });
      },
    );

    app.get(
      '/api/v1/wallet/payouts',
      {
        schema: {
          tags,
          querystring: Type.Object(
            {
              store_id: Type.String({ minLength: 1, maxLength: 40 }),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        await requireStoreRole(context.db, request.query.store_id, requireUser(request), ['owner']);
        const limit = request.query.limit ?? 20;
        const rows = await payouts.payoutsOf(context.db, request.query.store_id, decodeCursor(request.query.cursor), limit + 1);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { data: page.map(payouts.presentPayout), next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null };
      },
    );

    app.get(
      '/api/v1/wallet/payouts/:id',
      { schema: { tags, params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: ErrorResponses } },
      async (request) => {
        const payout = await payouts.findPayout(context.db, request.params.id);
        if (!payout) throw new AppError('not_found');
        await requireStoreRole(context.db, payout.store_id, requireUser(request), ['owner']).catch(() => {
          throw new AppError('not_found');
        });
        return { payout: payouts.presentPayout(payout), history: await payouts.payoutProcess.history(context.db, payout.id) };
      },
    );

    app.get('/api/v1/wallet', { schema: { tags, response: ErrorResponses } }, async (request) => {
      const principal = requireUser(request);
      const stores = (await storesOfMember({ db: context.db, clock: context.clock } as never, principal.user.id)).filter(
        (store) => store.member_role === 'owner',
      );
      return {
        balances: await balancesOf(context.db, principal.user.id),
        stores: await Promise.all(
          stores.map(async (store) => ({ id: store.id, name: store.name, balances: await balancesOf(context.db, store.id) })),
        ),
      };
    });

    app.get(
      '/api/v1/wallet/history',
      {
        schema: {
          tags,
          querystring: Type.Object(
            {
              account_id: Type.String({ maxLength: 80 }),
              before: Type.Optional(Type.String({ maxLength: 40 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const principal = requireUser(request);
        const owner = request.query.account_id.split(':')[1] ?? '';
        const owned =
          owner === principal.user.id ||
          (await storesOfMember({ db: context.db, clock: context.clock } as never, principal.user.id)).some(
            (store) => store.id === owner && store.member_role === 'owner',
          );
        if (!owned || !/^(wallet|held|available):/.test(request.query.account_id)) throw new AppError('not_found');
        const rows = await accountHistory(context.db, request.query.account_id, request.query.before, request.query.limit ?? 30);
        return { data: rows };
      },
    );
  };
}

/**
 * The provider's callbacks, in a scope of their own so that only here the raw body is kept:
 * the signature covers the exact bytes sent.
 */
export function paymentCallbacksHttp(context: PaymentsContext) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      (request as unknown as { rawBody: string }).rawBody = String(body);
      try {
        done(null, JSON.parse(String(body)));
      } catch {
        done(new AppError('malformed_json'), undefined);
      }
    });
    app.post('/api/v1/payments/callbacks/:provider', { schema: { hide: true } }, async (request) => {
      const { provider } = request.params as { provider: string };
      if (provider !== context.provider.name) throw new AppError('not_found');
      const timestamp = String(request.headers['x-jishi-timestamp'] ?? '');
      const signature = String(request.headers['x-jishi-signature'] ?? '');
      const raw = (request as unknown as { rawBody?: string }).rawBody ?? '';
      if (!context.provider.verify(timestamp, raw, signature, context.clock.now_ms())) throw new AppError('invalid_signature');
      const event = request.body as { type?: unknown; reference?: unknown };
      if (typeof event?.type !== 'string' || typeof event.reference !== 'string') throw new AppError('validation_failed');
      if (event.type.startsWith('payout.')) {
        const payoutEvent = { type: event.type, reference: event.reference };
        return { result: await context.db.transaction().execute((tx) => payouts.handlePayoutCallback(tx, context.clock, payoutEvent)) };
      }
      return { result: await service.handleCallback(context, { type: event.type, reference: event.reference }) };
    });
  };
}
