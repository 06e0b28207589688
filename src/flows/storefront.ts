import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Executor } from '../kernel/db/database.js';
import { AppError } from '../kernel/errors.js';
import { ErrorResponses } from '../kernel/http/schemas.js';
import { requireUser } from '../modules/accounts/index.js';
import { cardsByIds } from '../modules/catalog/index.js';
import {
  findStore,
  parseStorefront,
  presentStore,
  requireStore,
  requireStoreRole,
  roleOf,
  type Storefront,
  type StoresContext,
  saveStorefrontDraft,
} from '../modules/stores/index.js';

/**
 * The storefront spans two modules: the stores module keeps its layout, the catalog its
 * products. Saving checks that every featured product belongs to the store; reading
 * resolves the sections to product cards a buyer can see.
 */
async function checkFeaturedProducts(db: Executor, storeId: string, storefront: Storefront): Promise<void> {
  const ids = storefront.sections.flatMap((section) => section.product_ids);
  const found = await cardsByIds(db, ids);
  storefront.sections.forEach((section, sectionIndex) => {
    section.product_ids.forEach((id, productIndex) => {
      if (!found.some((row) => row.id === id && row.store_id === storeId)) {
        throw new AppError('invalid_reference', {
          param: `sections.${sectionIndex}.product_ids.${productIndex}`,
          message: `Product ${id} is not in this store.`,
        });
      }
    });
  });
}

async function resolveSections(db: Executor, storefront: Storefront, includeUnpublished: boolean) {
  const rows = await cardsByIds(
    db,
    storefront.sections.flatMap((section) => section.product_ids),
  );
  const visible = new Map(
    rows.filter((row) => includeUnpublished || row.status === 'active').map((row) => [row.id, JSON.parse(row.card_json)]),
  );
  return storefront.sections.map((section) => ({
    title: section.title,
    products: section.product_ids.map((id) => visible.get(id)).filter((card) => card !== undefined),
  }));
}

const StorefrontBody = Type.Object(
  {
    theme_color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    announcement: Type.String({ maxLength: 200 }),
    logo_image_id: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    banner_image_id: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    sections: Type.Array(
      Type.Object(
        { title: Type.String({ minLength: 1, maxLength: 40 }), product_ids: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 12 }) },
        { additionalProperties: false },
      ),
      { maxItems: 6 },
    ),
  },
  { additionalProperties: false },
);

export function storefrontHttp(context: StoresContext) {
  return async function storefrontRoutes(root: FastifyInstance): Promise<void> {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

    app.put(
      '/api/v1/stores/:id/storefront',
      {
        schema: {
          tags: ['stores'],
          summary: 'Save the storefront draft (the store’s team); publish to show it',
          params,
          body: StorefrontBody,
          response: ErrorResponses,
        },
      },
      async (request) => {
        const store = await requireStoreRole(context.db, request.params.id, requireUser(request), ['owner', 'staff']);
        await checkFeaturedProducts(context.db, store.id, request.body);
        await saveStorefrontDraft(context, store, request.body);
        const updated = await findStore(context.db, store.id);
        return { store: await presentStore(context, updated ?? store, { member: true }) };
      },
    );

    app.get(
      '/api/v1/stores/:id/storefront',
      {
        schema: {
          tags: ['stores'],
          summary: 'The storefront with its featured products; ?version=draft previews the draft (the store’s team)',
          params,
          querystring: Type.Object(
            { version: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('draft')])) },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => {
        const store = await requireStore(context.db, request.params.id);
        const draft = request.query.version === 'draft';
        if (draft && !(await roleOf(context.db, store.id, request.principal?.user.id))) {
          throw new AppError('forbidden', { message: 'Only this store’s team may preview its draft.' });
        }
        const storefront = parseStorefront(draft ? store.storefront_draft : store.storefront_published);
        const {
          storefront_draft,
          brand_status: _status,
          brand_review_note: _note,
          ...view
        } = await presentStore(context, store, { member: draft });
        const shown = draft && storefront_draft ? storefront_draft : view.storefront;
        return {
          store: view,
          version: draft ? 'draft' : 'published',
          storefront: { ...shown, sections: await resolveSections(context.db, storefront, draft) },
        };
      },
    );
  };
}
