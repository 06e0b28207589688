import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../kernel/clock.js';
import type { DatabaseOptions, Executor } from '../../kernel/db/database.js';
import { ErrorResponses } from '../../kernel/http/schemas.js';
import { ThreadPool } from '../../kernel/threads.js';
import { type Answered, answered, clausesOf, SORTS, search } from './service.js';
import { QueryLog, suggest } from './suggest.js';
import type { ThreadSearch } from './thread.js';
import { keepTiers } from './tiers.js';

export interface SearchContext {
  db: Executor;
  clock: Clock;
}

/** Searches on this many threads of their own (decision 0016), each opening the database the server opened. */
export interface SearchThreads {
  threads: number;
  database: DatabaseOptions;
  /** The compiled thread module; tests, which run the sources, point at the built one. */
  url?: URL;
}

export const MAX_QUERY_LENGTH = 200;
/** How often a server process looks at PostgreSQL's tiers. */
const KEEP_TIERS_EVERY_MS = 10 * 60_000;

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    price_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
    price_max: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    store_type: Type.Optional(Type.Union([Type.Literal('individual'), Type.Literal('brand'), Type.Literal('supplier')])),
    ships_to: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    in_stock: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Union(SORTS.map((sort) => Type.Literal(sort)))),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export function searchHttp(context: SearchContext, threads?: SearchThreads) {
  return async function searchRoutes(root: FastifyInstance): Promise<void> {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['search'];
    const log = new QueryLog(context.db, () => context.clock.nowIso());
    root.addHook('onClose', () => log.close());
    const inline = ({ params, clauses }: ThreadSearch): Promise<Answered> => search(context.db, params, clauses).then(answered);
    const pool =
      threads && threads.threads > 0
        ? new ThreadPool<ThreadSearch, Answered>({
            url: threads.url ?? new URL('./thread.js', import.meta.url),
            threads: threads.threads,
            workerData: threads.database,
            inline,
            onThreadError: (error) => root.jishi.log.error({ err: error }, 'a search thread ended; starting another'),
          })
        : undefined;
    if (pool) {
      root.jishi.searchThreads = pool;
      root.addHook('onClose', () => pool.close());
    }
    // PostgreSQL's tiers follow the sales (tiers.ts): a look every few minutes, one process at a time.
    const tiers = setInterval(
      () => void keepTiers(context.db).catch((error: unknown) => root.jishi.log.warn({ err: error }, 'keeping the search tiers failed')),
      KEEP_TIERS_EVERY_MS,
    );
    tiers.unref();
    root.addHook('onClose', async () => clearInterval(tiers));

    app.get(
      '/api/v1/search',
      {
        schema: {
          tags,
          summary: 'Search products in Chinese and English, with filters, facets and sorts',
          description: 'See src/modules/search/README.md for the answer and docs/decisions/0007-search.md for ranking.',
          querystring: SearchQuery,
          response: ErrorResponses,
        },
      },
      async (request, reply) => {
        // The words are parsed here, where the dictionary is, whichever thread searches.
        const input = { params: request.query, clauses: clausesOf(request.query) };
        const answer = await (pool ? pool.run(input) : inline(input));
        if (request.query.q && !request.query.cursor) log.record(request.query.q, answer.total);
        // A moved buffer arrives as a Uint8Array; as a Buffer over the same bytes Fastify sends it as it is.
        return reply
          .type('application/json; charset=utf-8')
          .send(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength));
      },
    );

    app.get(
      '/api/v1/search/suggest',
      {
        schema: {
          tags,
          summary: 'Completions of what a buyer is typing',
          querystring: Type.Object(
            { q: Type.String({ maxLength: MAX_QUERY_LENGTH }), limit: Type.Integer({ minimum: 1, maximum: 20, default: 8 }) },
            { additionalProperties: false },
          ),
          response: ErrorResponses,
        },
      },
      async (request) => ({ suggestions: await suggest(context.db, request.query.q, request.query.limit) }),
    );
  };
}
