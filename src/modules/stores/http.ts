import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../kernel/config.js';
import { AppError } from '../../kernel/errors.js';
import { decodeCursor, jsonTextPage, PageQuery, toPage } from '../../kernel/http/pagination.js';
import { ErrorResponses } from '../../kernel/http/schemas.js';
import { requireUser } from '../accounts/index.js';
import { findImages, presentImage } from '../media/index.js';
import { brandHttp } from './http-brand.js';
import type { StoresTable } from './schema.js';
import type { StoresContext } from './service.js';
import * as service from './service.js';

const StoreId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const StoreTypeSchema = Type.Union([Type.Literal('individual'), Type.Literal('brand'), Type.Literal('supplier')]);
const Country = Type.String({ pattern: '^[A-Z]{2}$' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const ShipsTo = Type.Array(Country, { minItems: 1, maxItems: service.MAX_SHIPS_TO });

/** What buyers see of a store; its team also sees the draft storefront and review notes. */
export async function presentStore(context: StoresContext, store: StoresTable, options: { member: boolean }) {
  const published = service.parseStorefront(store.storefront_published);
  const draft = service.parseStorefront(store.storefront_draft);
  const imageIds = [published.logo_image_id, published.banner_image_id, draft.logo_image_id, draft.banner_image_id].filter(
    (id): id is string => id !== null,
  );
  const images = new Map((await findImages(context.db, imageIds)).map((row) => [row.id, presentImage(row)]));
  const withImages = (storefront: typeof published) => ({
    ...storefront,
    logo: storefront.logo_image_id ? (images.get(storefront.logo_image_id) ?? null) : null,
    banner: storefront.banner_image_id ? (images.get(storefront.banner_image_id) ?? null) : null,
  });
  return {
    id: store.id,
    handle: store.handle,
    name: store.name,
    description: store.description,
    country: store.country,
    ships_to: JSON.parse(store.ships_to) as string[],
    currency: store.currency,
    type: store.type,
    verified: store.type === 'brand' && store.brand_status === 'verified',
    follower_count: store.follower_count,
    created_at: store.created_at,
    published_at: store.published_at,
    storefront: withImages(published),
    ...(options.member
      ? { brand_status: store.brand_status, brand_review_note: store.brand_review_note, storefront_draft: withImages(draft) }
      : {}),
  };
}

export function storeUrl(config: Pick<Config, 'publicUrl'>, handle: string, source?: string): string {
  return `${config.publicUrl}/s/${encodeURIComponent(handle)}${source ? `?src=${source}` : ''}`;
}

/** Sends a QR code of `url` as SVG or PNG, as a download when asked. */
export async function sendQr(
  reply: import('fastify').FastifyReply,
  url: string,
  format: 'svg' | 'png',
  filename: string,
  download: boolean,
) {
  // Loaded on the first QR code asked for, not at start.
  const { default: QRCode } = await import('qrcode');
  if (download) reply.header('content-disposition', `attachment; filename="${filename}.${format}"`);
  reply.header('cache-control', 'public, max-age=3600');
  if (format === 'svg') {
    const svg = await QRCode.toString(url, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
      color: { dark: '#1f1f1f', light: '#ffffff' },
    });
    return reply.type('image/svg+xml').send(svg);
  }
  const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 640 });
  return reply.type('image/png').send(png);
}

export function imageBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
    throw new AppError('unsupported_image', { message: 'Send the image bytes as the body, with an image/* content type.' });
  }
  return request.body;
}

export function storesHttp(context: StoresContext, config: Config) {
  return async function storesRoutes(root: FastifyInstance): Promise<void> {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['stores'];
    const member = (request: FastifyRequest, storeId: string, roles: readonly ('owner' | 'staff')[] = ['owner', 'staff']) =>
      service.requireStoreRole(context.db, storeId, requireUser(request), roles);

    app.get(
      '/api/v1/stores',
      {
        schema: {
          tags,
          summary: 'Stores, newest first',
          querystring: Type.Object({ ...PageQuery.properties, type: Type.Optional(StoreTypeSchema) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        const { limit, cursor, type } = request.query;
        const rows = await service.listStores(context, { type, afterId: decodeCursor(cursor), limit });
        const page = toPage(rows, limit, (row) => row.summary_json);
        return reply.type('application/json').send(jsonTextPage(page));
      },
    );

    app.post(
      '/api/v1/stores',
      {
        config: { idempotency: 'optional' },
        schema: {
          tags,
          summary: 'Open a store, free; you become its owner',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 60 }),
              handle: Type.String({ pattern: service.HANDLE_PATTERN }),
              description: Type.Optional(Type.String({ maxLength: 2000 })),
              country: Country,
              ships_to: Type.Optional(ShipsTo),
              currency: Currency,
              type: StoreTypeSchema,
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const principal = requireUser(request);
        const store = await service.openStore(context, principal.user.id, request.body);
        return reply.status(201).send({ store: await presentStore(context, store, { member: true }) });
      },
    );

    app.get('/api/v1/stores/mine', { schema: { tags, summary: 'Stores you own or staff' } }, async (request) => {
      const principal = requireUser(request);
      const rows = await service.storesOfMember(context, principal.user.id);
      return {
        data: await Promise.all(
          rows.map(async (row) => ({ role: row.member_role, store: await presentStore(context, row, { member: true }) })),
        ),
      };
    });

    app.get(
      '/api/v1/stores/:id',
      { schema: { tags, summary: 'A store by id or handle', params: StoreId, response: ErrorResponses } },
      async (request) => {
        const store = await service.requireStore(context.db, request.params.id);
        const userId = request.principal?.user.id;
        const role = await service.roleOf(context.db, store.id, userId);
        return {
          store: await presentStore(context, store, { member: role !== undefined }),
          viewer: { role: role ?? null, following: userId ? await service.isFollowing(context.db, userId, store.id) : false },
        };
      },
    );

    app.patch(
      '/api/v1/stores/:id',
      {
        schema: {
          tags,
          summary: 'Change store settings (owner)',
          params: StoreId,
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
              description: Type.Optional(Type.String({ maxLength: 2000 })),
              country: Type.Optional(Country),
              ships_to: Type.Optional(ShipsTo),
              currency: Type.Optional(Currency),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const store = await member(request, request.params.id, ['owner']);
        const updated = await service.updateSettings(context, store, request.body);
        return { store: await presentStore(context, updated, { member: true }) };
      },
    );

    app.post(
      '/api/v1/stores/:id/storefront/publish',
      { schema: { tags, summary: 'Publish the storefront draft', params: StoreId, response: ErrorResponses } },
      async (request) => {
        const store = await member(request, request.params.id);
        const published = await service.publishStorefront(context, store);
        return { store: await presentStore(context, published, { member: true }) };
      },
    );

    app.post(
      '/api/v1/stores/:id/images',
      {
        schema: {
          tags,
          summary: 'Upload a logo or banner (the body is the image: JPEG, PNG or WebP)',
          params: StoreId,
          querystring: Type.Object(
            { purpose: Type.Union([Type.Literal('logo'), Type.Literal('banner')]) },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const store = await member(request, request.params.id);
        const image = await service.uploadStoreImage(
          context,
          store,
          requireUser(request).user.id,
          request.query.purpose,
          imageBody(request),
        );
        return reply.status(201).send({ image });
      },
    );

    app.get('/api/v1/stores/:id/members', { schema: { tags, summary: 'The store’s team', params: StoreId } }, async (request) => {
      const store = await member(request, request.params.id);
      return { data: await service.listMembers(context, store.id) };
    });

    app.post(
      '/api/v1/stores/:id/members',
      {
        schema: {
          tags,
          summary: 'Add a staff member by email (owner); staff manage products and answer buyers but never move money',
          params: StoreId,
          body: Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }) }, { additionalProperties: false }),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const store = await member(request, request.params.id, ['owner']);
        return reply.status(201).send({ member: await service.addStaff(context, store.id, request.body.email) });
      },
    );

    app.delete(
      '/api/v1/stores/:id/members/:user_id',
      {
        schema: {
          tags,
          summary: 'Remove a staff member (owner)',
          params: Type.Object({ id: Type.String({ maxLength: 40 }), user_id: Type.String({ maxLength: 40 }) }),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const store = await member(request, request.params.id, ['owner']);
        await service.removeStaff(context, store.id, request.params.user_id);
        return reply.status(204).send();
      },
    );

    await app.register(brandHttp(context));

    app.post(
      '/api/v1/stores/:id/follow',
      { schema: { tags, summary: 'Follow a store', params: StoreId, response: ErrorResponses } },
      async (request) => {
        const principal = requireUser(request);
        const store = await service.requireStore(context.db, request.params.id);
        await service.follow(context, principal.user.id, store.id);
        return { following: true };
      },
    );

    app.delete(
      '/api/v1/stores/:id/follow',
      { schema: { tags, summary: 'Stop following a store', params: StoreId, response: ErrorResponses } },
      async (request) => {
        const principal = requireUser(request);
        const store = await service.requireStore(context.db, request.params.id);
        await service.unfollow(context, principal.user.id, store.id);
        return { following: false };
      },
    );

    app.get('/api/v1/me/following', { schema: { tags, summary: 'Stores you follow', querystring: PageQuery } }, async (request, reply) => {
      const principal = requireUser(request);
      const { limit, cursor } = request.query;
      const rows = await service.followedStores(context.db, principal.user.id, decodeCursor(cursor), limit);
      const page = toPage(rows, limit, (row) => row.summary_json);
      return reply.type('application/json').send(jsonTextPage(page));
    });

    for (const format of ['svg', 'png'] as const) {
      app.get(
        `/api/v1/stores/:id/qr.${format}`,
        {
          schema: {
            tags,
            summary: `The store’s QR code (${format.toUpperCase()}); scanning it opens the store and counts the visit as from a QR code`,
            params: StoreId,
            querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          },
        },
        async (request, reply) => {
          const store = await service.requireStore(context.db, request.params.id);
          return sendQr(reply, storeUrl(config, store.handle, 'qr'), format, `${store.handle}-qr`, request.query.download === true);
        },
      );
    }

    app.get(
      '/api/v1/stores/:id/visits',
      {
        schema: {
          tags,
          summary: 'Visits to the store and its products by source and day (team)',
          params: StoreId,
          querystring: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }) }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const store = await member(request, request.params.id);
        const rows = await service.visitStats(context, store.id, request.query.days);
        const bySource: Record<string, number> = {};
        for (const row of rows) bySource[row.source] = (bySource[row.source] ?? 0) + row.visits;
        return { data: rows, totals_by_source: bySource };
      },
    );
  };
}
