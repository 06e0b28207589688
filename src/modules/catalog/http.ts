import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../kernel/config.js';
import { AppError } from '../../kernel/errors.js';
import { decodeCursor, jsonTextPage, PageQuery, toPage } from '../../kernel/http/pagination.js';
import { ErrorResponses } from '../../kernel/http/schemas.js';
import { requireUser } from '../accounts/index.js';
import { imageBody, requireStoreRole, roleOf, sendQr } from '../stores/index.js';
import type { ProductStatus, ProductsTable } from './schema.js';
import type { CatalogContext } from './service.js';
import * as service from './service.js';

const ProductId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const Amount = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });
const Dimensions = Type.Object(
  {
    length: Type.Integer({ minimum: 1, maximum: 10_000 }),
    width: Type.Integer({ minimum: 1, maximum: 10_000 }),
    height: Type.Integer({ minimum: 1, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
const Attribute = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 30 }), value: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
const Option = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 20 }),
    values: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);
const Sku = Type.Object(
  {
    options: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 3 }),
    price_minor: Amount,
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    weight_g: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    code: Type.Optional(Type.String({ maxLength: 40 })),
    dimensions_mm: Type.Optional(Dimensions),
  },
  { additionalProperties: false },
);
const Status = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('delisted')]);

export function productUrl(config: Pick<Config, 'publicUrl'>, productId: string, source?: string): string {
  return `${config.publicUrl}/p/${productId}${source ? `?src=${source}` : ''}`;
}

export function catalogHttp(context: CatalogContext, config: Config) {
  return async function catalogRoutes(root: FastifyInstance): Promise<void> {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['catalog'];

    /** The product, for its store's team; 404 when it does not exist, 403 for anyone else. */
    const editable = async (request: FastifyRequest, id: string): Promise<ProductsTable> => {
      const principal = requireUser(request);
      const product = await service.findProduct(context.db, id);
      if (!product) throw new AppError('not_found', { message: 'No such product.' });
      const role = await roleOf(context.db, product.store_id, principal.user.id);
      if (!role) {
        // Someone else's draft does not exist as far as they can tell.
        if (product.status !== 'active') throw new AppError('not_found', { message: 'No such product.' });
        throw new AppError('forbidden', { message: 'Only this store’s team may change its products.' });
      }
      return product;
    };

    // After a change, the team gets the product page as buyers read it: the same one-query read.
    const sendProduct = async (id: string) => {
      const row = await service.findProductPageWithStore(context.db, id);
      return `{"product":${row?.page_json},"store":${row?.summary_json ?? 'null'}}`;
    };

    app.get('/api/v1/categories', { schema: { tags, summary: 'The category tree, in Chinese and English' } }, async (_request, reply) => {
      const rows = await service.categories(context.db);
      reply.header('cache-control', 'public, max-age=300');
      return {
        data: rows.map((row) => ({
          id: row.id,
          parent_id: row.parent_id,
          name_zh: row.name_zh,
          name_en: row.name_en,
          position: row.position,
        })),
      };
    });

    app.post(
      '/api/v1/products',
      {
        config: { idempotency: 'optional' },
        schema: {
          tags,
          summary: 'List a product; its options generate the SKUs, each with its own price and stock',
          body: Type.Object(
            {
              store_id: Type.String({ maxLength: 40 }),
              title: Type.String({ minLength: 1, maxLength: 120 }),
              description: Type.Optional(Type.String({ maxLength: 5000 })),
              category_id: Type.String({ maxLength: 60 }),
              attributes: Type.Optional(Type.Array(Attribute, { maxItems: 30 })),
              options: Type.Optional(Type.Array(Option, { maxItems: 3 })),
              skus: Type.Array(Sku, { minItems: 1, maxItems: 200 }),
              status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active')])),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const store = await requireStoreRole(context.db, request.body.store_id, requireUser(request), ['owner', 'staff']);
        const id = await service.createProduct(context, store, request.body);
        return reply
          .status(201)
          .type('application/json')
          .send(await sendProduct(id));
      },
    );

    app.get(
      '/api/v1/products',
      {
        schema: {
          tags,
          summary: 'Product cards, newest first: active ones for everyone; a store’s team also sees its drafts and delisted ones',
          querystring: Type.Object(
            {
              ...PageQuery.properties,
              store_id: Type.Optional(Type.String({ maxLength: 40 })),
              category_id: Type.Optional(Type.String({ maxLength: 60 })),
              status: Type.Optional(Status),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { limit, cursor, store_id, category_id, status } = request.query;
        let statuses: ProductStatus[] = ['active'];
        if (store_id && request.principal && (await roleOf(context.db, store_id, request.principal.user.id))) {
          statuses = status ? [status] : ['draft', 'active', 'delisted'];
        } else if (status && status !== 'active') {
          statuses = [];
        }
        const categoryIds = category_id ? await service.categoryWithDescendants(context.db, category_id) : undefined;
        const rows = statuses.length
          ? await service.listCards(context.db, { storeId: store_id, categoryIds, statuses, beforeId: decodeCursor(cursor), limit })
          : [];
        const page = toPage(rows, limit, (row) => row.card_json);
        return reply.type('application/json').send(jsonTextPage(page));
      },
    );

    app.get(
      '/api/v1/products/:id',
      {
        schema: {
          tags,
          summary: 'A product page: the product with its SKUs and photos, and its store',
          params: ProductId,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const row = await service.findProductPageWithStore(context.db, request.params.id);
        if (!row) throw new AppError('not_found', { message: 'No such product.' });
        const viewer = request.principal?.user.id;
        if (row.status !== 'active' && !(viewer && (await roleOf(context.db, row.store_id, viewer)))) {
          throw new AppError('not_found', { message: 'No such product.' });
        }
        const favourited = viewer ? await service.isFavourite(context.db, viewer, request.params.id) : false;
        return reply
          .type('application/json')
          .send(`{"product":${row.page_json},"store":${row.summary_json},"viewer":{"favourited":${favourited}}}`);
      },
    );

    app.patch(
      '/api/v1/products/:id',
      {
        schema: {
          tags,
          summary: 'Change a product (its store’s team); status moves draft → active ⇄ delisted',
          params: ProductId,
          body: Type.Object(
            {
              title: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
              description: Type.Optional(Type.String({ maxLength: 5000 })),
              category_id: Type.Optional(Type.String({ maxLength: 60 })),
              attributes: Type.Optional(Type.Array(Attribute, { maxItems: 30 })),
              status: Type.Optional(Status),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const product = await editable(request, request.params.id);
        await service.updateProduct(context, product, request.body);
        return reply.type('application/json').send(await sendProduct(product.id));
      },
    );

    app.delete(
      '/api/v1/products/:id',
      { schema: { tags, summary: 'Delete a product; one that has sold is delisted instead', params: ProductId, response: ErrorResponses } },
      async (request) => {
        const product = await editable(request, request.params.id);
        return { outcome: await service.deleteProduct(context, product) };
      },
    );

    app.patch(
      '/api/v1/products/:id/skus/:sku_id',
      {
        schema: {
          tags,
          summary: 'Change a SKU’s price, weight, size or code (stock moves through stock adjustments)',
          params: Type.Object({ id: Type.String({ maxLength: 40 }), sku_id: Type.String({ maxLength: 40 }) }),
          body: Type.Object(
            {
              price_minor: Type.Optional(Amount),
              weight_g: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
              code: Type.Optional(Type.String({ maxLength: 40 })),
              dimensions_mm: Type.Optional(Type.Union([Dimensions, Type.Null()])),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const product = await editable(request, request.params.id);
        await service.updateSku(context, product, request.params.sku_id, request.body);
        return reply.type('application/json').send(await sendProduct(product.id));
      },
    );

    app.post(
      '/api/v1/products/:id/stock-adjustments',
      {
        schema: {
          tags,
          summary: 'Move a SKU’s stock up or down with a reason; it never goes below zero',
          params: ProductId,
          body: Type.Object(
            {
              sku_id: Type.String({ maxLength: 40 }),
              delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, not: { const: 0 } }),
              reason: Type.Union([
                Type.Literal('restock'),
                Type.Literal('correction'),
                Type.Literal('damage'),
                Type.Literal('return'),
                Type.Literal('other'),
              ]),
              note: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const product = await editable(request, request.params.id);
        const adjustment = await service.adjustStock(context, product, { ...request.body, actorId: requireUser(request).user.id });
        return reply.status(201).send({ adjustment });
      },
    );

    app.get(
      '/api/v1/products/:id/stock-adjustments',
      { schema: { tags, summary: 'The stock history of a product (its store’s team)', params: ProductId, querystring: PageQuery } },
      async (request) => {
        const product = await editable(request, request.params.id);
        const { limit, cursor } = request.query;
        const rows = await service.stockHistory(context.db, product.id, decodeCursor(cursor), limit);
        return toPage(rows, limit, (row) => row);
      },
    );

    app.post(
      '/api/v1/products/:id/images',
      {
        schema: {
          tags,
          summary: 'Add a photo (the body is the image: JPEG, PNG or WebP, up to 10 MiB)',
          params: ProductId,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const product = await editable(request, request.params.id);
        const image = await service.addImage(context, product, requireUser(request).user.id, imageBody(request));
        return reply.status(201).send({ image });
      },
    );

    app.put(
      '/api/v1/products/:id/images',
      {
        schema: {
          tags,
          summary: 'Set the order of the photos; leaving one out removes it',
          params: ProductId,
          body: Type.Object(
            { image_ids: Type.Array(Type.String({ maxLength: 40 }), { maxItems: service.MAX_IMAGES_PER_PRODUCT }) },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const product = await editable(request, request.params.id);
        await service.setImageOrder(context, product, request.body.image_ids);
        return reply.type('application/json').send(await sendProduct(product.id));
      },
    );

    app.post(
      '/api/v1/products/:id/favourite',
      { schema: { tags, summary: 'Favourite a product', params: ProductId, response: ErrorResponses } },
      async (request) => {
        const principal = requireUser(request);
        const row = await service.findProductPage(context.db, request.params.id);
        if (row?.status !== 'active') throw new AppError('not_found', { message: 'No such product.' });
        await service.favourite(context, principal.user.id, request.params.id);
        return { favourited: true };
      },
    );

    app.delete(
      '/api/v1/products/:id/favourite',
      { schema: { tags, summary: 'Remove a favourite', params: ProductId, response: ErrorResponses } },
      async (request) => {
        const principal = requireUser(request);
        await service.unfavourite(context, principal.user.id, request.params.id);
        return { favourited: false };
      },
    );

    app.get(
      '/api/v1/me/favourites',
      { schema: { tags, summary: 'Your favourite products', querystring: PageQuery } },
      async (request, reply) => {
        const principal = requireUser(request);
        const { limit, cursor } = request.query;
        const rows = await service.favouritesOf(context.db, principal.user.id, decodeCursor(cursor), limit);
        const page = toPage(rows, limit, (row) => row.card_json);
        return reply.type('application/json').send(jsonTextPage(page));
      },
    );

    for (const format of ['svg', 'png'] as const) {
      app.get(
        `/api/v1/products/:id/qr.${format}`,
        {
          schema: {
            tags,
            summary: `The product’s QR code (${format.toUpperCase()})`,
            params: ProductId,
            querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          },
        },
        async (request, reply) => {
          const row = await service.findProductPage(context.db, request.params.id);
          if (!row) throw new AppError('not_found', { message: 'No such product.' });
          const viewer = request.principal?.user.id;
          if (row.status !== 'active' && !(viewer && (await roleOf(context.db, row.store_id, viewer)))) throw new AppError('not_found');
          return sendQr(
            reply,
            productUrl(config, request.params.id, 'qr'),
            format,
            `${request.params.id}-qr`,
            request.query.download === true,
          );
        },
      );
    }
  };
}
