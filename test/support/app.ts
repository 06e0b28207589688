import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ManualClock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/kernel/config.js';
import { type DialectName, openDatabase } from '../../src/kernel/db/database.js';
import { type AppOptions, buildApp } from '../../src/server.js';
import { type FreshDatabase, freshDatabase } from './databases.js';

/** A real Jishi app on a fresh database of the given dialect, driven through inject(). */
export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  fresh: FreshDatabase;
  close(): Promise<void>;
}

export async function createTestApp(dialect: DialectName, env: Record<string, string> = {}): Promise<TestApp> {
  const fresh = await freshDatabase(dialect);
  const clock = new ManualClock(new Date('2026-11-24T08:00:00Z'));
  const config = loadConfig({ DATA_DIR: fresh.dataDir, PASSWORD_HASH_COST: '10', LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config, database: fresh.database, clock, logger: false });
  await app.ready();
  return {
    app,
    clock,
    fresh,
    async close() {
      await app.close();
      await fresh.cleanup();
    },
  };
}

/**
 * A second server instance on the same database, as in a scale-out deployment: its own
 * connection (pool) and its own process state, sharing only what is in the database.
 */
export async function secondInstance(
  first: TestApp,
  options: Pick<AppOptions, 'searchThreads'> = {},
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const database = openDatabase({ databaseUrl: first.fresh.databaseUrl, dataDir: first.fresh.dataDir, poolSize: 3 });
  const config = loadConfig({ DATA_DIR: first.fresh.dataDir, PASSWORD_HASH_COST: '10', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, database, clock: first.clock, logger: false, ...options });
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A signed-in browser-like client: it keeps the session cookie and sends the CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  email: string;
}

export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}.${process.pid}@example.com`;
}

export async function signUp(app: FastifyInstance, email = uniqueEmail(), password = 'a long passphrase 1'): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password } });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
  const cookies = cookiesOf(response);
  const body = response.json();
  return { cookie: `jishi_session=${cookies.jishi_session}`, csrf: body.csrf_token, userId: body.user.id, email };
}

export function asSession(session: Session, headers: Record<string, string> = {}) {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers };
}

/** An operator account, created the way `jishi admin create` does, and signed in. */
export async function signInOperator(harness: TestApp, email = uniqueEmail('operator')): Promise<Session> {
  const password = 'operator phrase 1';
  const { createOperator } = await import('../../src/modules/accounts/index.js');
  await createOperator(
    { db: harness.fresh.database.db, clock: harness.clock, passwordHashCost: 10, sessionTtl_ms: 3_600_000 },
    { email, password },
  );
  const login = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`operator login failed: ${login.statusCode} ${login.body}`);
  const body = login.json();
  return { cookie: `jishi_session=${cookiesOf(login).jishi_session}`, csrf: body.csrf_token, userId: body.user.id, email };
}

let keyCounter = 0;
/** A fresh Idempotency-Key, unique in this test process. */
export function newKey(prefix = 'key'): string {
  keyCounter += 1;
  return `${prefix}-${process.pid}-${keyCounter}`;
}

/**
 * POST and GET as a signed-in session through inject (POSTs carry a fresh Idempotency-Key
 * unless given one, or `null` for none), and the job runner's pass, for an app made later.
 */
export function requestsTo(app: () => FastifyInstance) {
  return {
    post: (session: Session, url: string, payload: unknown, idempotencyKey: string | null = newKey()) =>
      app().inject({
        method: 'POST',
        url,
        headers: asSession(session, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        payload: payload as object,
      }),
    get: (session: Session, url: string) => app().inject({ method: 'GET', url, headers: asSession(session) }),
    runJobs: () => app().jishi.buying?.runner.runDue() ?? Promise.resolve(0),
  };
}
