import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.js';
import { decodeCursor, PageQuery, toPage } from '../../kernel/http/pagination.js';
import { ErrorResponses } from '../../kernel/http/schemas.js';
import { requireOperator, requireUser } from '../accounts/index.js';
import { findImage, readImageBytes } from '../media/index.js';
import { imageBody, presentStore } from './http.js';
import type { StoresContext } from './service.js';
import * as service from './service.js';

/**
 * Brand verification: a brand store's owner submits documents; an operator approves or
 * rejects them. Documents are private to the owner and operators.
 */
const StoreId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

export function brandHttp(context: StoresContext) {
  return async function brandRoutes(root: FastifyInstance): Promise<void> {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['stores'];
    const member = (request: FastifyRequest, storeId: string, roles: readonly ('owner' | 'staff')[]) =>
      service.requireStoreRole(context.db, storeId, requireUser(request), roles);

    app.post(
      '/api/v1/stores/:id/brand-documents',
      {
        schema: {
          tags,
          summary: 'Submit a brand document for verification (owner of a brand store; the body is the image)',
          params: StoreId,
          querystring: Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        const store = await member(request, request.params.id, ['owner']);
        const document = await service.submitBrandDocument(
          context,
          store,
          requireUser(request).user.id,
          imageBody(request),
          request.query.note ?? '',
        );
        return reply.status(201).send({ document, brand_status: 'pending' });
      },
    );

    const canSeeBrandDocuments = async (request: FastifyRequest, storeId: string) => {
      const principal = requireUser(request);
      if (principal.user.role === 'operator') return service.requireStore(context.db, storeId);
      return member(request, storeId, ['owner']);
    };

    app.get(
      '/api/v1/stores/:id/brand-documents',
      { schema: { tags, summary: 'Brand documents (owner, operators)', params: StoreId } },
      async (request) => {
        const store = await canSeeBrandDocuments(request, request.params.id);
        const documents = await service.listBrandDocuments(context, store.id);
        return {
          brand_status: store.brand_status,
          data: documents.map((row) => ({ id: row.image_id, note: row.note, created_at: row.created_at })),
        };
      },
    );

    app.get(
      '/api/v1/stores/:id/brand-documents/:document_id/file',
      {
        schema: {
          tags,
          summary: 'A brand document’s image (owner, operators)',
          params: Type.Object({ id: Type.String({ maxLength: 40 }), document_id: Type.String({ maxLength: 40 }) }),
        },
      },
      async (request, reply) => {
        const store = await canSeeBrandDocuments(request, request.params.id);
        const documents = await service.listBrandDocuments(context, store.id);
        const document = documents.find((row) => row.image_id === request.params.document_id);
        const image = document ? await findImage(context.db, document.image_id) : undefined;
        const blob = image ? await readImageBytes(context, image, 'large') : undefined;
        if (!blob) throw new AppError('not_found');
        reply.header('cache-control', 'private, no-store');
        return reply.type(blob.contentType).send(blob.bytes);
      },
    );

    app.get(
      '/api/v1/operator/brand-reviews',
      { schema: { tags: ['operator'], summary: 'Brand stores awaiting verification (operators)', querystring: PageQuery } },
      async (request) => {
        requireOperator(request);
        const { limit, cursor } = request.query;
        const rows = await service.storesAwaitingReview(context, decodeCursor(cursor), limit);
        const page = toPage(rows, limit, (row) => row);
        return {
          data: await Promise.all(page.data.map((row) => presentStore(context, row, { member: true }))),
          next_cursor: page.next_cursor,
        };
      },
    );

    app.post(
      '/api/v1/stores/:id/brand-review',
      {
        schema: {
          tags: ['operator'],
          summary: 'Approve or reject a brand store’s documents (operators)',
          params: StoreId,
          body: Type.Object(
            {
              decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
              note: Type.Optional(Type.String({ maxLength: 500 })),
            },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const operator = requireOperator(request);
        const store = await service.reviewBrand(
          context,
          request.params.id,
          operator.user.id,
          request.body.decision,
          request.body.note ?? '',
        );
        return { store: await presentStore(context, store, { member: true }) };
      },
    );
  };
}
