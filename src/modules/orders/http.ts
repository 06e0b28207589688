import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.js';
import type { ActorType } from '../../kernel/fsm.js';
import { keyedResponse } from '../../kernel/http/idempotency.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/pagination.js';
import { ErrorResponses } from '../../kernel/http/schemas.js';
import { requireOperator, requireUser } from '../accounts/index.js';
import { requireStoreRole, roleOf } from '../stores/index.js';
import * as addresses from './addresses.js';
import * as cart from './cart.js';
import * as checkoutFlow from './checkout.js';
import * as pricing from './pricing.js';
import { orderProcess } from './process.js';
import type { OrdersTable } from './schema.js';
import type { OrdersContext } from './service.js';
import * as service from './service.js';

const Id = Type.String({ minLength: 1, maxLength: 40 });
const Minor = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });
const Quantity = Type.Integer({ minimum: 1, maximum: service.MAX_QUANTITY });
const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
/** A parcel handed to a carrier: the order's shipment, or a buyer's return. */
export const ParcelBody = Type.Object(
  { carrier: Text(40, 1), tracking_number: Type.String({ pattern: '^[A-Za-z0-9-]{4,40}$' }) },
  { additionalProperties: false },
);

/** The transitions people take over HTTP, by their path segment. */
const ACTIONS: Record<string, string> = {
  cancel: 'cancel',
  'cancel-and-refund': 'cancel_and_refund',
  ship: 'ship',
  deliver: 'deliver',
  'confirm-receipt': 'confirm_receipt',
};
const MONEY_ACTIONS = new Set(['cancel-and-refund', 'confirm-receipt']);

/**
 * Who the signed-in user is to an order (or a refund or dispute of one): its buyer, someone on
 * the store's team, or an operator; undefined (then 404) when they are nobody to it.
 */
export async function viewerRole(
  context: Pick<OrdersContext, 'db'>,
  request: FastifyRequest,
  order: Pick<OrdersTable, 'buyer_id' | 'store_id'>,
): Promise<Exclude<ActorType, 'system'> | undefined> {
  const principal = requireUser(request);
  if (order.buyer_id === principal.user.id) return 'buyer';
  if (await roleOf(context.db, order.store_id, principal.user.id)) return 'seller';
  if (principal.user.role === 'operator') return 'operator';
  return undefined;
}

export function presentOrder(order: OrdersTable) {
  return {
    id: order.id,
    buyer_id: order.buyer_id,
    store_id: order.store_id,
    checkout_id: order.checkout_id,
    state: order.state,
    currency: order.currency,
    items_minor: order.items_minor,
    shipping_minor: order.shipping_minor,
    total_minor: order.total_minor,
    commission_minor: order.commission_minor,
    refunded_minor: order.refunded_minor,
    released_minor: order.released_minor,
    paid_via: order.paid_via,
    address: JSON.parse(order.address_json),
    buyer_note: order.buyer_note,
    carrier: order.carrier,
    tracking_number: order.tracking_number,
    placed_at: order.placed_at,
    paid_at: order.paid_at,
    shipped_at: order.shipped_at,
    delivered_at: order.delivered_at,
    completed_at: order.completed_at,
    cancelled_at: order.cancelled_at,
    updated_at: order.updated_at,
  };
}

async function orderDetail(context: OrdersContext, order: OrdersTable, role: ActorType) {
  const [items, history] = await Promise.all([service.itemsOfOrder(context.db, order.id), orderProcess.history(context.db, order.id)]);
  return {
    order: {
      ...presentOrder(order),
      items: items.map((item) => ({
        sku_id: item.sku_id,
        product_id: item.product_id,
        title: item.title,
        options: JSON.parse(item.option_values) as string[],
        image_id: item.image_id,
        quantity: item.quantity,
        price_minor: item.price_minor,
        line_minor: item.line_minor,
      })),
      history: history.map((row) => ({
        transition: row.transition,
        from: row.from_state,
        to: row.to_state,
        actor: row.actor_type,
        note: row.note,
        at: row.created_at,
      })),
      viewer: role,
      actions: orderProcess
        .available(order, role)
        .map((name) => Object.keys(ACTIONS).find((path) => ACTIONS[path] === name))
        .filter((path) => path !== undefined),
    },
  };
}

async function requireOrder(context: OrdersContext, request: FastifyRequest, id: string) {
  const order = await service.findOrder(context.db, id);
  const role = order ? await viewerRole(context, request, order) : undefined;
  if (!order || !role) throw new AppError('not_found', { message: 'No such order.' });
  return { order, role };
}

function presentCheckout(result: checkoutFlow.CheckoutResult) {
  const totals: Record<string, number> = {};
  for (const order of result.orders) totals[order.currency] = (totals[order.currency] ?? 0) + order.total_minor;
  return { checkout_id: result.id, orders: result.orders.map(presentOrder), totals };
}

export function ordersHttp(context: OrdersContext) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['buying'];

    app.get('/api/v1/cart', { schema: { tags, response: ErrorResponses } }, async (request) =>
      cart.viewCart(context, requireUser(request).user.id),
    );
    app.post(
      '/api/v1/cart/items',
      {
        schema: { tags, body: Type.Object({ sku_id: Id, quantity: Quantity }, { additionalProperties: false }), response: ErrorResponses },
      },
      async (request, reply) => {
        const userId = requireUser(request).user.id;
        await cart.addToCart(context, userId, request.body.sku_id, request.body.quantity);
        return reply.status(201).send(await cart.viewCart(context, userId));
      },
    );
    app.patch(
      '/api/v1/cart/items/:sku_id',
      {
        schema: {
          tags,
          params: Type.Object({ sku_id: Id }),
          body: Type.Object(
            { quantity: Type.Optional(Quantity), selected: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const userId = requireUser(request).user.id;
        await cart.updateCartLine(context, userId, request.params.sku_id, request.body);
        return cart.viewCart(context, userId);
      },
    );
    app.delete(
      '/api/v1/cart/items/:sku_id',
      { schema: { tags, params: Type.Object({ sku_id: Id }), response: ErrorResponses } },
      async (request) => {
        const userId = requireUser(request).user.id;
        await cart.removeFromCart(context, userId, request.params.sku_id);
        return cart.viewCart(context, userId);
      },
    );

    const AddressBody = Type.Object(
      {
        recipient: Text(60, 1),
        phone: Type.String({ pattern: '^[+0-9 ()-]{5,24}$' }),
        country: Type.String({ pattern: '^[A-Z]{2}$' }),
        region: Type.Optional(Text(60)),
        city: Text(60, 1),
        line1: Text(200, 1),
        line2: Type.Optional(Text(200)),
        postal_code: Type.Optional(Text(16)),
        is_default: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    );
    app.get('/api/v1/addresses', { schema: { tags, response: ErrorResponses } }, async (request) => ({
      data: await addresses.listAddresses(context, requireUser(request).user.id),
    }));
    app.post('/api/v1/addresses', { schema: { tags, body: AddressBody, response: ErrorResponses } }, async (request, reply) =>
      reply.status(201).send({ address: await addresses.addAddress(context, requireUser(request).user.id, request.body) }),
    );
    app.delete(
      '/api/v1/addresses/:id',
      { schema: { tags, params: Type.Object({ id: Id }), response: ErrorResponses } },
      async (request, reply) => {
        await addresses.deleteAddress(context, requireUser(request).user.id, request.params.id);
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/v1/stores/:id/shipping-rule',
      { schema: { tags, params: Type.Object({ id: Id }), response: ErrorResponses } },
      async (request) => ({
        shipping_rule: pricing.presentShippingRule(await pricing.shippingRuleOf(context.db, request.params.id)),
      }),
    );
    app.put(
      '/api/v1/stores/:id/shipping-rule',
      {
        schema: {
          tags,
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              mode: Type.Union([Type.Literal('flat'), Type.Literal('weight')]),
              base_minor: Minor,
              first_weight_g: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
              per_kg_minor: Type.Optional(Minor),
              free_over_minor: Type.Optional(Type.Union([Minor, Type.Null()])),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const store = await requireStoreRole(context.db, request.params.id, requireUser(request), ['owner']);
        return { shipping_rule: await pricing.setShippingRule(context, store.id, request.body) };
      },
    );

    app.post(
      '/api/v1/checkout',
      {
        config: { idempotency: 'keyed' },
        schema: {
          tags,
          body: Type.Object(
            {
              address_id: Id,
              items: Type.Optional(
                Type.Array(Type.Object({ sku_id: Id, quantity: Quantity, price_minor: Minor }, { additionalProperties: false }), {
                  minItems: 1,
                  maxItems: service.MAX_CART_LINES,
                }),
              ),
              note: Type.Optional(Text(500)),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const userId = requireUser(request).user.id;
        const key = String(request.headers['idempotency-key']);
        const response = keyedResponse<checkoutFlow.CheckoutResult>(request, reply);
        const result = await checkoutFlow.checkout(context, userId, key, request.body, (tx, made) =>
          response.store(tx, 201, made, presentCheckout(made)),
        );
        return response.send(201, result, () => presentCheckout(result));
      },
    );

    app.get(
      '/api/v1/orders',
      {
        schema: {
          tags,
          querystring: Type.Object(
            {
              store_id: Type.Optional(Id),
              state: Type.Optional(Type.Union(orderProcess.definition.states.map((state) => Type.Literal(state)))),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const principal = requireUser(request);
        const userId = principal.user.id;
        const { store_id, state, cursor } = request.query;
        const limit = request.query.limit ?? 20;
        if (store_id) await requireStoreRole(context.db, store_id, principal, ['owner', 'staff']);
        const filter = store_id ? { store_id } : { buyer_id: userId };
        const rows = await service.ordersOf(context.db, { ...filter, state, beforeId: decodeCursor(cursor), limit: limit + 1 });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { data: page.map(presentOrder), next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null };
      },
    );

    app.get('/api/v1/orders/:id', { schema: { tags, params: Type.Object({ id: Id }), response: ErrorResponses } }, async (request) => {
      const { order, role } = await requireOrder(context, request, request.params.id);
      return orderDetail(context, order, role);
    });

    for (const [path, transition] of Object.entries(ACTIONS)) {
      const body =
        transition === 'ship'
          ? ParcelBody
          : Type.Optional(Type.Object({ note: Type.Optional(Text(500)) }, { additionalProperties: false }));
      app.post(
        `/api/v1/orders/:id/${path}`,
        {
          config: { idempotency: MONEY_ACTIONS.has(path) ? 'required' : 'optional' },
          schema: { tags, params: Type.Object({ id: Id }), body, response: ErrorResponses },
        },
        async (request) => {
          const { order, role } = await requireOrder(context, request, request.params.id);
          const input = (request.body ?? {}) as { note?: string };
          const actor = { type: role, id: requireUser(request).user.id };
          await service
            .tables(context.db)
            .transaction()
            .execute(async (tx) => {
              const fresh = await service.findOrder(tx, order.id);
              if (!fresh) throw new AppError('not_found');
              await orderProcess.apply(tx, context.clock, fresh, transition, { actor, input, note: input.note ?? '' });
            });
          const after = await service.findOrder(context.db, order.id);
          return orderDetail(context, after as OrdersTable, role);
        },
      );
    }

    app.get('/api/v1/commission-rates', { schema: { tags, response: ErrorResponses } }, async () => ({
      data: Object.fromEntries(await pricing.commissionRates(context.db)),
      default_rate_bp: service.DEFAULT_COMMISSION_BP,
    }));
    app.put(
      '/api/v1/commission-rates/:category_id',
      {
        schema: {
          tags,
          params: Type.Object({ category_id: Id }),
          body: Type.Object({ rate_bp: Type.Integer({ minimum: 0, maximum: 5000 }) }, { additionalProperties: false }),
          response: ErrorResponses,
        },
      },
      async (request) => {
        requireOperator(request);
        await pricing.setCommissionRate(context, request.params.category_id, request.body.rate_bp);
        return { category_id: request.params.category_id, rate_bp: request.body.rate_bp };
      },
    );
  };
}
