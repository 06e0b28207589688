import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../kernel/config.js';
import type { Executor } from '../kernel/db/database.js';
import { escapeHtml } from '../kernel/text.js';
import { findProductPage, productUrl } from '../modules/catalog/index.js';
import { findImage, presentImage } from '../modules/media/index.js';
import { findStore, parseStorefront, recordVisit, type StoresContext, storeUrl } from '../modules/stores/index.js';

/**
 * Store and product pages are rendered by the web app, but the server first writes their
 * Open Graph and Twitter tags into the page, so a link pasted into Weibo or WeChat previews
 * with the store's name and the product's photo, and counts the visit by its `?src=`.
 */
interface PageMeta {
  title: string;
  description: string;
  url: string;
  image: string | undefined;
  type: 'website' | 'product';
}

function metaTags(meta: PageMeta): string {
  const tags: [string, string, string][] = [
    ['property', 'og:site_name', 'Jishi 集市'],
    ['property', 'og:type', meta.type],
    ['property', 'og:title', meta.title],
    ['property', 'og:description', meta.description],
    ['property', 'og:url', meta.url],
    ['name', 'twitter:card', meta.image ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', meta.title],
    ['name', 'twitter:description', meta.description],
    ['name', 'description', meta.description],
  ];
  if (meta.image) tags.push(['property', 'og:image', meta.image], ['name', 'twitter:image', meta.image]);
  return tags.map(([attribute, key, value]) => `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`).join('\n    ');
}

export function renderShell(shell: string, meta: PageMeta): string {
  const head = `<title>${escapeHtml(meta.title)}</title>\n    ${metaTags(meta)}\n    <link rel="canonical" href="${escapeHtml(meta.url)}">`;
  const withoutTitle = shell.replace(/<title>[^<]*<\/title>/, '');
  return withoutTitle.replace('</head>', `    ${head}\n  </head>`);
}

function excerpt(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

async function storeMeta(db: Executor, config: Config, handle: string) {
  const store = await findStore(db, handle);
  if (!store) return undefined;
  const storefront = parseStorefront(store.storefront_published);
  const imageId = storefront.banner_image_id ?? storefront.logo_image_id;
  const image = imageId ? await findImage(db, imageId) : undefined;
  const meta: PageMeta = {
    title: `${store.name} · Jishi 集市`,
    description: excerpt(store.description || storefront.announcement || store.name),
    url: storeUrl(config, store.handle),
    image: image ? `${config.publicUrl}${presentImage(image).urls.original}` : undefined,
    type: 'website',
  };
  return { storeId: store.id, meta };
}

async function productMeta(db: Executor, config: Config, id: string) {
  const row = await findProductPage(db, id);
  if (row?.status !== 'active') return undefined;
  const page = JSON.parse(row.page_json) as { title: string; description: string; images: { urls: { original: string } }[] };
  const meta: PageMeta = {
    title: `${page.title} · Jishi 集市`,
    description: excerpt(page.description || page.title),
    url: productUrl(config, id),
    image: page.images[0] ? `${config.publicUrl}${page.images[0].urls.original}` : undefined,
    type: 'product',
  };
  return { storeId: row.store_id, meta };
}

export function sharePages(context: StoresContext, config: Config, shell: () => string | undefined) {
  return async function sharePageRoutes(app: FastifyInstance): Promise<void> {
    const query = Type.Object({ src: Type.Optional(Type.String({ maxLength: 40 })) });
    const send = (reply: FastifyReply, html: string) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);

    app.get(
      '/s/:handle',
      { schema: { hide: true, params: Type.Object({ handle: Type.String({ maxLength: 60 }) }), querystring: query } },
      async (request, reply) => {
        const { handle } = request.params as { handle: string };
        const html = shell();
        const found = await storeMeta(context.db, config, handle);
        if (found) await recordVisit(context, found.storeId, 'store', (request.query as { src?: string }).src);
        if (!html) return reply.callNotFound();
        return send(reply, found ? renderShell(html, found.meta) : html);
      },
    );

    app.get(
      '/p/:id',
      { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 40 }) }), querystring: query } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const html = shell();
        const found = await productMeta(context.db, config, id);
        if (found) await recordVisit(context, found.storeId, id, (request.query as { src?: string }).src);
        if (!html) return reply.callNotFound();
        return send(reply, found ? renderShell(html, found.meta) : html);
      },
    );
  };
}
