import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { ManualClock } from '../clock.js';
import { registerErrorHandling } from './errors.js';
import { IDEMPOTENCY_ABANDONED_AFTER_MS, registerIdempotency } from './idempotency.js';

/** The mechanism on its own, with routes that count how often their work really ran. */
describe.each(dialects)('Idempotency-Key on %s', (dialect) => {
  let fresh: FreshDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock();
  let runs = 0;
  let failNext = false;
  let release: (() => void) | undefined;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    app = Fastify();
    registerErrorHandling(app, () => {});
    registerIdempotency(app, { db: fresh.database.db, clock, scopeOf: (request) => String(request.headers['x-user'] ?? 'anonymous') });
    app.post('/charge', { config: { idempotency: 'required' } }, async (_request, reply) => {
      runs += 1;
      if (failNext) {
        failNext = false;
        throw new Error('the payment provider fell over');
      }
      return reply.status(201).send({ charge: runs });
    });
    app.post('/slow', { config: { idempotency: 'required' } }, async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { done: true };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await fresh?.cleanup();
  });

  const charge = (key: string | undefined, body: object = { amount_minor: 100 }, user = 'u1') =>
    app.inject({ method: 'POST', url: '/charge', payload: body, headers: { 'x-user': user, ...(key ? { 'idempotency-key': key } : {}) } });

  it('requires the header where the route says so', async () => {
    const response = await charge(undefined);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'idempotency_key_required', param: 'Idempotency-Key' });
  });

  it('runs the work once however often the request is retried', async () => {
    const before = runs;
    const responses = await Promise.all(Array.from({ length: 5 }, () => charge('k-once')));
    const again = await charge('k-once');
    expect(runs - before).toBe(1);
    const statuses = [...responses, again].map((response) => response.statusCode);
    // Concurrent duplicates either replay the result or are told the first is still running.
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual({ charge: runs });
  });

  it('releases the key after a server error so a retry can succeed', async () => {
    failNext = true;
    const failed = await charge('k-retry');
    expect(failed.statusCode).toBe(500);
    const retried = await charge('k-retry');
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('tells a duplicate that the first request is still in progress', async () => {
    const first = app.inject({ method: 'POST', url: '/slow', payload: {}, headers: { 'idempotency-key': 'k-slow' } });
    while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await app.inject({ method: 'POST', url: '/slow', payload: {}, headers: { 'idempotency-key': 'k-slow' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('idempotency_request_in_progress');
    release();
    expect((await first).statusCode).toBe(200);
    const third = await app.inject({ method: 'POST', url: '/slow', payload: {}, headers: { 'idempotency-key': 'k-slow' } });
    expect(third.json()).toEqual({ done: true });
    expect(third.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with a different body, and keeps keys apart per user', async () => {
    await charge('k-body', { amount_minor: 100 });
    const changed = await charge('k-body', { amount_minor: 999 });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('idempotency_key_reused');
    const otherUser = await charge('k-body', { amount_minor: 999 }, 'u2');
    expect(otherUser.statusCode).toBe(201);
  });

  /** Makes a finished key look like one a process claimed and never finished. */
  async function abandon(key: string, owner: string) {
    await (fresh.database.db as Kysely<{ idempotency_keys: { key: string; state: string; owner: string; response_status: null } }>)
      .updateTable('idempotency_keys')
      .set({ state: 'pending', owner, response_status: null })
      .where('key', '=', key)
      .execute();
  }

  it('lets a retry take over a key whose process died mid-request, once', async () => {
    await charge('k-crashed');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await abandon('k-crashed', `${hostname()}:${dead.stdout}`);
    const before = runs;
    const [first, second] = await Promise.all([charge('k-crashed'), charge('k-crashed')]);
    // One takes the claim over; the other is told it is in progress, or replays its result.
    expect([first.statusCode, second.statusCode].every((status) => status === 201 || status === 409)).toBe(true);
    expect(runs - before).toBe(1);
    expect((await charge('k-crashed')).headers['idempotent-replayed']).toBe('true');
  });

  it('waits for a live claim, and takes it over only once no request could still be running', async () => {
    await charge('k-stuck');
    await abandon('k-stuck', `${hostname()}:${process.pid}`);
    expect((await charge('k-stuck')).json().error.code).toBe('idempotency_request_in_progress');
    await abandon('k-stuck', `another-host:${process.pid}`);
    expect((await charge('k-stuck')).statusCode).toBe(409);
    clock.advance(IDEMPOTENCY_ABANDONED_AFTER_MS);
    const before = runs;
    const retried = await charge('k-stuck');
    expect(retried.statusCode).toBe(201);
    expect(runs - before).toBe(1);
  });
});
