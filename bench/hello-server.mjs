// The baseline for bench/http.mjs: a bare Fastify 5 hello-world, no logger, no plugins.
// GET / → {"hello":"world"}. Listens on PORT (HOST, default 127.0.0.1).
//
// For bench/ablation.mjs, HELLO_FEATURES (comma-separated) adds Jishi's own per-request
// pieces, imported from dist/ so that it is exactly the same code:
//   log      logger at info to stdout and server.ts's onResponse "request" line
//   log-buffered  as log, through pino.destination({ sync: false, minLength: 4096 })
//   headers  server.ts's genReqId (newId('req')) and x-request-id, plus registerSecurityHeaders
//   metrics  registerMetrics (prom-client counter and histogram in onResponse)
//   metrics-hook, metrics-default  its two halves apart: the onResponse hook alone, and
//            collectDefaultMetrics alone
//   auth     @fastify/cookie and the accounts module's registerAuthentication on SQLite in
//            DATA_DIR; a session is created at start and its cookie written to COOKIE_FILE;
//            GET / then answers the signed-in user, as GET /api/v1/me does
//   auth-precompiled  as auth, but the session query is compiled once and run through
//            Kysely's executeQuery (a callback-free async hook of our own)
//   auth-raw as auth, but a prepared better-sqlite3 statement in a callback hook (the floor)
//   cookie   only @fastify/cookie (the cookie is sent; nothing looks it up)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';

const features = new Set((process.env.HELLO_FEATURES ?? '').split(',').filter(Boolean));
const known = new Set([
  'log',
  'log-buffered',
  'headers',
  'metrics',
  'metrics-hook',
  'metrics-default',
  'cookie',
  'auth',
  'auth-precompiled',
  'auth-raw',
]);
for (const feature of features) if (!known.has(feature)) throw new Error(`unknown HELLO_FEATURES entry "${feature}"`);
const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);

const options = { logger: false };
if (features.has('log')) Object.assign(options, { logger: { level: 'info' }, disableRequestLogging: true });
if (features.has('log-buffered')) {
  // The same, written through a buffered asynchronous destination instead of one write(2) a line.
  const { default: pino } = await import('pino');
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  Object.assign(options, { logger: { level: 'info', stream }, disableRequestLogging: true });
}
if (features.has('headers')) {
  const { newId } = await load('kernel/ids.js');
  const pattern = /^[A-Za-z0-9_-]{1,64}$/;
  options.genReqId = (request) => {
    const incoming = request.headers['x-request-id'];
    return typeof incoming === 'string' && pattern.test(incoming) ? incoming : newId('req');
  };
}
const app = Fastify(options);

if (features.has('headers')) {
  const { registerSecurityHeaders } = await load('kernel/http/security-headers.js');
  registerSecurityHeaders(app, { https: false });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
if (features.has('log') || features.has('log-buffered')) {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
    done();
  });
}
if (features.has('metrics')) {
  const { registerMetrics } = await load('kernel/http/metrics.js');
  registerMetrics(app, { token: undefined });
}
if (features.has('metrics-hook') || features.has('metrics-default')) {
  // The two halves of registerMetrics, apart: its onResponse counter and histogram, and
  // prom-client's collectDefaultMetrics (event-loop and GC observers).
  const { Counter, collectDefaultMetrics, Histogram, Registry } = await import('prom-client');
  const registry = new Registry();
  if (features.has('metrics-default')) collectDefaultMetrics({ register: registry, prefix: 'jishi_' });
  if (features.has('metrics-hook')) {
    const requests = new Counter({ name: 'r_total', help: 'r', labelNames: ['method', 'route', 'status'], registers: [registry] });
    const durations = new Histogram({
      name: 'd_seconds',
      help: 'd',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: reply.statusCode });
      durations.observe({ route }, reply.elapsedTime / 1000);
      done();
    });
  }
}
let database;
const authFeature = [...features].find((feature) => feature.startsWith('auth') || feature === 'cookie');
if (authFeature) {
  const { default: fastifyCookie } = await import('@fastify/cookie');
  const { openDatabase } = await load('kernel/db/database.js');
  const { migrate } = await load('kernel/db/migrate.js');
  const { allMigrations } = await load('modules.js');
  const { systemClock } = await load('kernel/clock.js');
  const { registerAuthentication, signUp } = await load('modules/accounts/index.js');
  const { startSession, hashToken } = await load('modules/accounts/service.js');
  database = openDatabase({ dataDir: process.env.DATA_DIR });
  await migrate(database, allMigrations);
  const context = { db: database.db, clock: systemClock, passwordHashCost: 10, sessionTtl_ms: 3_600_000 };
  const user = await signUp(context, { email: `hello-${process.pid}@example.com`, password: 'a long passphrase 1' });
  const session = await startSession(context, user);
  writeFileSync(process.env.COOKIE_FILE, `jishi_session=${session.token}`);
  await app.register(fastifyCookie);
  const toPrincipal = (row) =>
    row && row.expires_at > systemClock.nowIso()
      ? {
          user: {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            locale: row.locale,
            created_at: row.created_at,
          },
          via: 'session',
          sessionId: row.session_id,
          csrfToken: row.csrf_token,
        }
      : undefined;
  if (authFeature === 'auth') {
    registerAuthentication(app, context);
  } else if (authFeature === 'auth-precompiled') {
    // What the lookup costs when Kysely does not build and compile the query each time.
    const { CompiledQuery } = await import('kysely');
    const { sql } = sessionQuery(database.db, '').compile();
    app.addHook('onRequest', async (request) => {
      const token = request.cookies.jishi_session;
      if (!token) return;
      const { rows } = await database.db.executeQuery(CompiledQuery.raw(sql, [hashToken(token)]));
      request.principal = toPrincipal(rows[0]);
    });
  } else if (authFeature === 'auth-raw') {
    // The floor: one prepared better-sqlite3 statement, called synchronously in a callback hook.
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(join(process.env.DATA_DIR, 'jishi.db'));
    const statement = raw.prepare(sessionQuery(database.db, '').compile().sql);
    app.addHook('onRequest', (request, _reply, done) => {
      const token = request.cookies.jishi_session;
      if (token) request.principal = toPrincipal(statement.get(hashToken(token)));
      done();
    });
  }
  app.get('/', async (request, reply) => {
    if (authFeature === 'cookie') return { user: null, cookies: Object.keys(request.cookies).length };
    if (!request.principal) return reply.status(401).send({ error: 'not signed in' });
    return { user: request.principal.user, csrf_token: request.principal.csrfToken };
  });
} else {
  app.get('/', async () => ({ hello: 'world' }));
}

/** src/modules/accounts/repo.ts findSessionWithUser's query, as a builder. */
function sessionQuery(db, tokenHash) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.locale',
      'users.created_at',
    ])
    .where('sessions.token_hash', '=', tokenHash);
}

const stop = async () => {
  await app.close();
  await database?.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST || '127.0.0.1' });
process.stderr.write(`hello-world [${[...features].join(',') || 'bare'}] listening on ${app.server.address().port}\n`);
