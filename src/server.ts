import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import pino from 'pino';
import { type Buying, registerBuying } from './flows/buying.js';
import { sharePages } from './flows/share-pages.js';
import { storefrontHttp } from './flows/storefront.js';
import { type BlobStore, DiskBlobStore } from './kernel/blobs.js';
import { type Clock, systemClock } from './kernel/clock.js';
import type { Config } from './kernel/config.js';
import type { Database } from './kernel/db/database.js';
import { AppError } from './kernel/errors.js';
import { registerErrorHandling } from './kernel/http/errors.js';
import { registerIdempotency } from './kernel/http/idempotency.js';
import { registerMetrics } from './kernel/http/metrics.js';
import { registerSecurityHeaders } from './kernel/http/security-headers.js';
import { validatorCompiler } from './kernel/http/validation.js';
import { newId } from './kernel/ids.js';
import { accountsHttp, registerAuthentication, SessionCache } from './modules/accounts/index.js';
import { catalogHttp } from './modules/catalog/index.js';
import { MAX_IMAGE_BYTES, mediaHttp } from './modules/media/index.js';
import { type SearchThreads, searchHttp } from './modules/search/index.js';
import { storesHttp } from './modules/stores/index.js';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  /** Where the built web app is; defaults to dist/web beside the package. */
  webRoot?: string;
  /** Where image bytes go; a folder under DATA_DIR by default. */
  blobs?: BlobStore;
  /** Pino destination; tests pass false to keep output quiet. */
  logger?: boolean;
  /** Run searches on threads of their own (the server does; decision 0016); inline when absent. */
  searchThreads?: SearchThreads;
}

declare module 'fastify' {
  interface FastifyInstance {
    jishi: {
      config: Config;
      database: Database;
      clock: Clock;
      log: pino.Logger;
      draining: boolean;
      flushLogs: () => void;
      buying?: Buying;
      /** The threads searches run on, when the server runs them on threads (decision 0016). */
      searchThreads?: { readonly ready: number; readonly answered: { threads: number; inline: number }; whenReady(): Promise<void> };
    };
  }
}

// src/server.ts in development and dist/server.js when built: the package root is one level up.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SWAGGER_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'";

function registerHealth(app: FastifyInstance): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (app.jishi.draining) return reply.status(503).send({ status: 'draining' });
    try {
      await app.jishi.database.ping();
    } catch {
      return reply.status(503).send({ status: 'database unavailable' });
    }
    return { status: 'ready', database: app.jishi.database.dialect };
  });
}

async function registerApiDocs(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Jishi API',
        version: '1',
        description: 'The marketplace API. Errors are `{ error: { type, code, message, param } }`.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jishi_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: SWAGGER_CSP });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

function loadShell(webRoot: string): string | undefined {
  const indexFile = join(webRoot, 'index.html');
  return existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;
}

function registerWebApp(app: FastifyInstance, webRoot: string, indexHtml: string | undefined): void {
  if (indexHtml) {
    app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || request.method !== 'GET' || !indexHtml) {
      const error = new AppError('route_not_found', { message: `No route ${request.method} ${path}.` });
      return reply.status(404).send(error.toBody());
    }
    // The web app routes on the client: every other page address gets the app's shell.
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  });
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  // Log lines are buffered and written 4 KiB at a time rather than one write per request;
  // `flushLogs` (called at shutdown and exit) writes out whatever is still buffered.
  const logStream = options.logger === false ? undefined : pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const app = Fastify({
    // Fastify's own logger would make a child logger for every request; Jishi logs through one
    // pino instance of its own (app.jishi.log), and writes the access line itself.
    logger: false,
    // Jishi logs one line per request itself (in onResponse) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit_bytes,
    trustProxy: config.trustProxy,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : newId('req');
    },
    ajv: { customOptions: { removeAdditional: false } },
    return503OnClosing: true,
  });
  const log = logStream ? pino({ level: config.logLevel }, logStream) : pino({ level: 'silent' });
  app.decorate('jishi', { config, database, clock, log, draining: false, flushLogs: () => logStream?.flushSync() });
  app.setValidatorCompiler(validatorCompiler);
  // Only JSON bodies: a text/plain POST is what another site's form can send without asking.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app, (request, error) =>
    log.error({ reqId: request.id, method: request.method, url: request.url, err: error }, 'unhandled error'),
  );
  registerSecurityHeaders(app, { https: config.publicUrl.startsWith('https:') });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // One access-log line per request, in pino's JSON format, written straight to the log
  // stream: building it by hand costs a fraction of a logger call on this hottest path.
  const logRequests = logStream !== undefined && ['trace', 'debug', 'info'].includes(config.logLevel);
  const lineStart = `{"level":30,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  app.addHook('onResponse', (request, reply, done) => {
    if (logRequests) {
      const ms = Math.round(reply.elapsedTime * 10) / 10;
      logStream.write(
        `${lineStart},"time":${Date.now()},"reqId":${JSON.stringify(request.id)},"method":"${request.method}","url":${JSON.stringify(request.url)},"status":${reply.statusCode},"ms":${ms},"msg":"request"}\n`,
      );
    }
    done();
  });
  await app.register(fastifyCookie);
  await registerApiDocs(app, config);
  registerMetrics(app, { token: process.env.METRICS_TOKEN || undefined, commitStats: database.commitStats });
  registerHealth(app);

  // Hooks that every module's routes rely on are added at the root, before any module registers.
  const accountsContext = {
    db: database.db,
    clock,
    passwordHashCost: config.passwordHashCost,
    sessionTtl_ms: config.sessionTtl_ms,
    sessionCache: new SessionCache(),
  };
  registerAuthentication(app, accountsContext);
  registerIdempotency(app, {
    db: database.db,
    clock,
    scopeOf: (request) => (request.principal ? `user:${request.principal.user.id}` : `address:${request.ip}`),
  });
  await app.register(accountsHttp(accountsContext, { secure: config.cookieSecure }));

  const blobs = options.blobs ?? new DiskBlobStore(join(config.dataDir, 'blobs'));
  const moduleContext = { db: database.db, clock, blobs };
  // Photos arrive as the raw request body, straight from a phone's file picker.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
    (_request, body, done) => done(null, body),
  );
  await app.register(mediaHttp(moduleContext));
  await app.register(storesHttp(moduleContext, config));
  await app.register(catalogHttp(moduleContext, config));
  await app.register(searchHttp(moduleContext, options.searchThreads));
  await app.register(storefrontHttp(moduleContext));
  app.jishi.buying = await registerBuying(app, moduleContext, config);

  const webRoot = options.webRoot ?? join(packageRoot, 'dist', 'web');
  const shell = loadShell(webRoot);
  await app.register(sharePages(moduleContext, config, () => shell));
  registerWebApp(app, webRoot, shell);
  return app;
}
