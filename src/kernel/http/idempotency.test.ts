import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { ManualClock } from '../clock.js';
import { registerErrorHandling } from './errors.js';
import { IDEMPOTENCY_ABANDONED_AFTER_MS, IDEMPOTENCY_TTL_MS, keyedResponse, registerIdempotency } from './idempotency.js';

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

/**
 * `keyed` routes write no claim: their own rows carry the key (a unique index) and the
 * response is stored in the handler's transaction, committed with the work or not at all.
 */
describe.each(dialects)('Idempotency-Key on keyed routes on %s', (dialect) => {
  interface Transfer {
    user_id: string;
    key: string;
    amount_minor: number;
  }
  interface Tables {
    transfers: Transfer;
  }
  let fresh: FreshDatabase;
  let app: FastifyInstance;
  const clock = new ManualClock();
  let failAfterStoring = false;
  let failAfterCommit = false;
  let refuseOnce = false;
  const db = () => fresh.database.db as Kysely<Tables>;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    await sql`create table transfers (user_id text not null, key text not null, amount_minor integer not null, primary key (user_id, key))`.execute(
      fresh.database.db,
    );
    app = Fastify();
    registerErrorHandling(app, () => {});
    registerIdempotency(app, { db: fresh.database.db, clock, scopeOf: (request) => String(request.headers['x-user'] ?? 'anonymous') });
    app.post<{ Body: { amount_minor: number } }>('/transfer', { config: { idempotency: 'keyed' } }, async (request, reply) => {
      const user = String(request.headers['x-user']);
      const key = String(request.headers['idempotency-key']);
      if (request.body.amount_minor <= 0) return reply.status(422).send({ error: { code: 'validation_failed' } });
      if (refuseOnce) {
        refuseOnce = false;
        return reply.status(409).send({ error: { code: 'out_of_stock' } });
      }
      const existing = () => db().selectFrom('transfers').selectAll().where('user_id', '=', user).where('key', '=', key).executeTakeFirst();
      const previous = await existing();
      if (previous) return reply.status(201).send({ transfer: previous });
      // As the money routes do: a duplicate that committed first wins the unique key, and this one answers with its row.
      const response = keyedResponse<Transfer>(request, reply);
      const made = await db()
        .transaction()
        .execute(async (tx) => {
          const transfer = { user_id: user, key, amount_minor: request.body.amount_minor };
          await tx.insertInto('transfers').values(transfer).execute();
          await response.store(tx, 201, transfer, { transfer });
          if (failAfterStoring) throw new Error('the disk went away before commit');
          return transfer;
        })
        .catch(async (error: unknown) => {
          const raced = await existing();
          if (raced && !failAfterStoring) return raced;
          throw error;
        });
      if (failAfterCommit) throw new Error('the answer was lost after the commit');
      return response.send(201, made, () => ({ transfer: made }));
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await fresh?.cleanup();
  });

  const transfer = (key: string | undefined, amount_minor = 100, user = 'u1') =>
    app.inject({
      method: 'POST',
      url: '/transfer',
      payload: { amount_minor },
      headers: { 'x-user': user, ...(key ? { 'idempotency-key': key } : {}) },
    });
  const keyRows = (key: string) =>
    (fresh.database.db as Kysely<{ idempotency_keys: { key: string; state: string } }>)
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', key)
      .execute();

  it('requires the header', async () => {
    expect((await transfer(undefined)).json().error.code).toBe('idempotency_key_required');
  });

  it('stores the response with the work and replays it byte for byte', async () => {
    const first = await transfer('t-1');
    expect(first.statusCode).toBe(201);
    expect(await keyRows('t-1')).toMatchObject([{ state: 'done' }]);
    const again = await transfer('t-1');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
  });

  it('refuses the same key with a different body', async () => {
    await transfer('t-2', 100);
    expect((await transfer('t-2', 250)).json().error.code).toBe('idempotency_key_reused');
    expect((await transfer('t-2', 250, 'u2')).statusCode).toBe(201);
  });

  it('keeps nothing of a transaction that failed after storing its response', async () => {
    failAfterStoring = true;
    const failed = await transfer('t-3');
    failAfterStoring = false;
    expect(failed.statusCode).toBe(500);
    expect(await keyRows('t-3')).toEqual([]);
    const retried = await transfer('t-3');
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await db().selectFrom('transfers').selectAll().where('key', '=', 't-3').execute()).toHaveLength(1);
  });

  it('answers with the committed response when the handler fails after the commit, and replays it', async () => {
    failAfterCommit = true;
    const failed = await transfer('t-6');
    failAfterCommit = false;
    // The work committed with its response: that, not the failure, is the answer.
    expect(failed.statusCode).toBe(201);
    expect(failed.headers['idempotent-replayed']).toBe('true');
    expect(failed.json()).toEqual({ transfer: { user_id: 'u1', key: 't-6', amount_minor: 100 } });
    const retried = await transfer('t-6');
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toBe(failed.body);
    expect(await db().selectFrom('transfers').selectAll().where('key', '=', 't-6').execute()).toHaveLength(1);
  });

  it('stores after the handler what it did not store in a transaction (an error)', async () => {
    const refused = await transfer('t-4', -5);
    expect(refused.statusCode).toBe(422);
    const again = await transfer('t-4', -5);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(refused.body);
  });

  it('replays a refusal to a retry that would now succeed, and moves nothing', async () => {
    refuseOnce = true;
    const refused = await transfer('t-7');
    expect(refused.statusCode).toBe(409);
    const again = await transfer('t-7');
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(refused.body);
    expect(await db().selectFrom('transfers').selectAll().where('key', '=', 't-7').execute()).toEqual([]);
    // Past its expiry the stored refusal gives way: the transfer is made and its answer kept.
    clock.advance(IDEMPOTENCY_TTL_MS + 1000);
    const fresh = await transfer('t-7');
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await db().selectFrom('transfers').selectAll().where('key', '=', 't-7').execute()).toHaveLength(1);
    expect((await transfer('t-7')).body).toBe(fresh.body);
  });

  it('answers afresh once a key has expired, and keeps the new answer', async () => {
    await transfer('t-8');
    clock.advance(IDEMPOTENCY_TTL_MS + 1000);
    const later = await transfer('t-8');
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    const [row] = await keyRows('t-8');
    expect(Date.parse((row as unknown as { expires_at: string }).expires_at)).toBeGreaterThan(clock.now_ms());
    expect((await transfer('t-8')).headers['idempotent-replayed']).toBe('true');
    expect(await db().selectFrom('transfers').selectAll().where('key', '=', 't-8').execute()).toHaveLength(1);
  });

  it('lets concurrent duplicates make one transfer', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => transfer('t-5')));
    for (const response of responses) expect([201, 409]).toContain(response.statusCode);
    expect(await db().selectFrom('transfers').selectAll().where('key', '=', 't-5').execute()).toHaveLength(1);
    expect((await transfer('t-5')).statusCode).toBe(201);
  });
});
