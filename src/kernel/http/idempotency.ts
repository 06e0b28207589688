import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Migration } from 'kysely';
import type { Clock } from '../clock.js';
import type { Executor } from '../db/database.js';
import { notNullGuard } from '../db/guards.js';
import { insertRow, preparedQuery } from '../db/prepared.js';
import { AppError } from '../errors.js';

/**
 * Idempotency-Key for POST routes that create things or move money. The first request
 * with a key claims it (a unique row, so two racing requests cannot both run); its response
 * is stored and replayed to every retry with the same body. The same key with a different
 * body is a 409. A 5xx releases the key so the client can retry. Keys expire after 24 h.
 *
 * A claim whose process died mid-request (a crash, a SIGKILL) would otherwise hold its key
 * `pending` for a day: a retry takes such a claim over when the claiming process on this
 * machine is gone, or when the claim is older than any request runs. The handlers behind
 * these routes are themselves keyed (checkout, payments, refunds, payouts), so running one
 * again finds what the dead process committed instead of doing it twice.
 *
 * Mode `keyed` is for the hot money routes (checkout, pay) whose rows carry the key
 * themselves, with a unique index: two racing requests cannot both succeed there, so no
 * claim is written before the work, and the key is not even looked up before it. The handler
 * stores its response inside its own transaction (`storeResponseIn`), committed with the
 * money it moved or not at all; whatever it did not store there (an error, a path without a
 * transaction) is stored after it. A retry runs the handler again, which finds its own rows
 * taken (the unique index) or its work done, and moves nothing; then, before its answer
 * leaves, the key's stored response replaces it (or a 409 when the body differs). No read
 * and no extra commit on the first request; the work of a handler on a retry.
 */
export type IdempotencyMode = 'required' | 'optional' | 'keyed';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotency?: IdempotencyMode;
  }
  interface FastifyRequest {
    idempotencyClaim?: IdempotencyClaim;
  }
}

interface IdempotencyClaim {
  scope: string;
  key: string;
  /** Set for `keyed` routes: no row was written before the handler ran. */
  unwritten?: { requestHash: string; clock: Clock; stored: boolean };
}

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const PURGE_EVERY_N_CLAIMS = 200;
/** A pending claim this old is abandoned whoever made it: no request runs this long. */
export const IDEMPOTENCY_ABANDONED_AFTER_MS = 60_000;
const HOST = hostname();
const OWNER = `${HOST}:${process.pid}`;

/** True when the claim was made by a process on this machine that no longer runs. */
function ownerIsGone(owner: string | null): boolean {
  if (!owner) return false;
  const separator = owner.lastIndexOf(':');
  const pid = Number(owner.slice(separator + 1));
  if (owner.slice(0, separator) !== HOST || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

interface IdempotencyTables {
  idempotency_keys: {
    scope: string;
    key: string;
    request_hash: string;
    state: 'pending' | 'done';
    response_status: number | null;
    response_body: string | null;
    response_type: string | null;
    created_at: string;
    expires_at: string;
    /** `host:pid` of the process that claimed the key. */
    owner: string | null;
  };
}

export const idempotencyMigrations: Record<string, Migration> = {
  '2026112400_kernel_idempotency': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('request_hash', 'text', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_body', 'text')
        .addColumn('response_type', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_at').execute();
    },
  },
  '2026112417_kernel_idempotency_owner': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('idempotency_keys').addColumn('owner', 'text').execute();
    },
  },
};

export interface IdempotencyOptions {
  db: Executor;
  clock: Clock;
  /** Who the key belongs to: keys of different users never collide. */
  scopeOf: (request: FastifyRequest) => string;
}

type KeyRow = IdempotencyTables['idempotency_keys'];

function keyRow(
  clock: Clock,
  scope: string,
  key: string,
  requestHash: string,
  response: Pick<KeyRow, 'state' | 'response_status' | 'response_body' | 'response_type'>,
): KeyRow {
  const now_ms = clock.now_ms();
  return {
    scope,
    key,
    request_hash: requestHash,
    ...response,
    created_at: new Date(now_ms).toISOString(),
    expires_at: new Date(now_ms + IDEMPOTENCY_TTL_MS).toISOString(),
    owner: OWNER,
  };
}

async function insertKey(db: Executor, row: KeyRow): Promise<boolean> {
  return (await insertRow(db, 'idempotency_keys', row, 'on conflict ("scope", "key") do nothing')) === 1;
}

async function deleteKey(db: Executor, scope: string, key: string): Promise<void> {
  await (db as Kysely<IdempotencyTables>).deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
}

const findKey = preparedQuery<[string, string], KeyRow>('kernel.idempotencyKey', (db, scope, key) =>
  (db as Kysely<IdempotencyTables>).selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key),
);

export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The key row a `keyed` handler's transaction writes with its work, without waiting for an
 * answer (blind, pg-client.ts): a key past its expiry that no purge has removed yet is taken
 * over in the same statement, and a live one makes the statement fail by setting the key's
 * scope to null: a not-null violation, which the drivers turn into a 409 (guards.ts).
 * Nothing is read first.
 */
const TAKE_OVER_EXPIRED =
  'on conflict ("scope", "key") do update set "scope" = case when "idempotency_keys"."expires_at" > excluded."created_at" then null else excluded."scope" end, ' +
  ['request_hash', 'state', 'response_status', 'response_body', 'response_type', 'created_at', 'expires_at', 'owner']
    .map((column) => `"${column}" = excluded."${column}"`)
    .join(', ');

notNullGuard('idempotency_keys', 'scope', () => new AppError('idempotency_request_in_progress', { param: 'Idempotency-Key' }));

/**
 * For a `keyed` route: writes the response the handler is about to send in the handler's own
 * transaction, and returns it serialized (send exactly that, once committed). A key stored
 * meanwhile, by a duplicate of this request or as an earlier refusal, fails the transaction
 * (a 409, in progress); the stored answer then replaces this one's.
 */
export async function storeResponseIn(tx: Executor, request: FastifyRequest, status: number, body: unknown): Promise<string> {
  const payload = JSON.stringify(body);
  const claim = request.idempotencyClaim;
  if (!claim?.unwritten || claim.unwritten.stored) return payload;
  const row = keyRow(claim.unwritten.clock, claim.scope, claim.key, claim.unwritten.requestHash, {
    state: 'done',
    response_status: status,
    response_body: payload,
    response_type: JSON_TYPE,
  });
  await insertRow(tx, 'idempotency_keys', row, TAKE_OVER_EXPIRED, { blind: true });
  return payload;
}

/** For a keyed route whose transaction committed the response `storeResponseIn` wrote: nothing to store after it. */
export function markStored(request: FastifyRequest): void {
  if (request.idempotencyClaim?.unwritten) request.idempotencyClaim.unwritten.stored = true;
}

/**
 * A `keyed` route's answer. `store` (given to the handler's transaction) writes there the
 * response made from `result`; `send` sends exactly that when the handler answers with that
 * same `result` (so its transaction committed), and otherwise (a replayed domain row, a path
 * without a transaction) the response `body()` makes, stored after it as usual.
 */
export function keyedResponse<Result extends object>(request: FastifyRequest, reply: FastifyReply) {
  let stored: { status: number; payload: string; result: Result } | undefined;
  return {
    async store(tx: Executor, status: number, result: Result, body: unknown): Promise<void> {
      stored = { status, payload: await storeResponseIn(tx, request, status, body), result };
    },
    send(status: number, result: Result, body: () => unknown): FastifyReply {
      if (stored?.result === result) {
        markStored(request);
        return reply.status(stored.status).type(JSON_TYPE).send(stored.payload);
      }
      return reply.status(status).send(body());
    },
  };
}

function hashRequest(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    .update(JSON.stringify(request.body ?? null))
    .digest('base64url');
}

export function registerIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const db = options.db as Kysely<IdempotencyTables>;
  let claims = 0;

  async function purgeExpired(): Promise<void> {
    await db.deleteFrom('idempotency_keys').where('expires_at', '<', options.clock.nowIso()).execute();
  }

  async function claim(scope: string, key: string, requestHash: string): Promise<boolean> {
    const inserted = await insertKey(
      db,
      keyRow(options.clock, scope, key, requestHash, { state: 'pending', response_status: null, response_body: null, response_type: null }),
    );
    claims += 1;
    if (claims % PURGE_EVERY_N_CLAIMS === 0) await purgeExpired();
    return inserted;
  }

  /** Takes over an abandoned claim; only one of several racing retries wins. */
  async function takeOver(scope: string, key: string, row: { created_at: string; owner: string | null }): Promise<boolean> {
    let update = db
      .updateTable('idempotency_keys')
      .set({ owner: OWNER, created_at: options.clock.nowIso() })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'pending')
      .where('created_at', '=', row.created_at);
    update = row.owner === null ? update.where('owner', 'is', null) : update.where('owner', '=', row.owner);
    return Number((await update.executeTakeFirst()).numUpdatedRows) === 1;
  }

  async function replayOrReject(scope: string, key: string, requestHash: string, reply: FastifyReply) {
    const [row] = await findKey(db, scope, key);
    if (!row) return 'retry' as const;
    if (row.expires_at <= options.clock.nowIso()) {
      await deleteKey(db, scope, key);
      return 'retry' as const;
    }
    if (row.request_hash !== requestHash) throw new AppError('idempotency_key_reused', { param: 'Idempotency-Key' });
    if (row.state === 'pending') {
      const abandoned = ownerIsGone(row.owner) || Date.parse(row.created_at) + IDEMPOTENCY_ABANDONED_AFTER_MS <= options.clock.now_ms();
      if (abandoned && (await takeOver(scope, key, row))) return 'claimed' as const;
      throw new AppError('idempotency_request_in_progress', { param: 'Idempotency-Key' });
    }
    reply.header('idempotent-replayed', 'true');
    if (row.response_type) reply.header('content-type', row.response_type);
    return reply.status(row.response_status ?? 200).send(row.response_body ?? '');
  }

  async function checkKey(request: FastifyRequest, reply: FastifyReply, mode: IdempotencyMode) {
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      if (mode !== 'optional') throw new AppError('idempotency_key_required', { param: 'Idempotency-Key' });
      return;
    }
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new AppError('idempotency_key_invalid', { param: 'Idempotency-Key' });
    }
    const scope = options.scopeOf(request);
    const requestHash = hashRequest(request);
    if (mode === 'keyed') {
      request.idempotencyClaim = { scope, key: header, unwritten: { requestHash, clock: options.clock, stored: false } };
      claims += 1;
      if (claims % PURGE_EVERY_N_CLAIMS === 0) await purgeExpired();
      return;
    }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (await claim(scope, header, requestHash)) {
        request.idempotencyClaim = { scope, key: header };
        return;
      }
      const outcome = await replayOrReject(scope, header, requestHash, reply);
      if (outcome === 'claimed') {
        request.idempotencyClaim = { scope, key: header };
        return;
      }
      if (outcome !== 'retry') return outcome;
    }
    throw new AppError('idempotency_request_in_progress', { param: 'Idempotency-Key' });
  }

  // Only routes that ask for idempotency pay for it: the hooks are attached to them alone.
  app.addHook('onRoute', (route) => {
    const mode = route.config?.idempotency;
    if (!mode) return;
    const preHandler = async (request: FastifyRequest, reply: FastifyReply) => checkKey(request, reply, mode);
    route.preHandler = [...(Array.isArray(route.preHandler) ? route.preHandler : route.preHandler ? [route.preHandler] : []), preHandler];
    route.onSend = [...(Array.isArray(route.onSend) ? route.onSend : route.onSend ? [route.onSend] : []), storeResponse];
  });

  /**
   * A keyed request whose key was taken before (its retry, or a duplicate that raced it):
   * the first response replaces this one, byte for byte; a different body is a 409. An
   * expired key gives way to this response.
   */
  async function answerStored(claimed: IdempotencyClaim, fresh: KeyRow, reply: FastifyReply, payload: unknown) {
    const [row] = await findKey(db, claimed.scope, claimed.key);
    if (!row) return payload;
    if (row.expires_at <= options.clock.nowIso()) {
      await deleteKey(db, claimed.scope, claimed.key);
      if (reply.statusCode < 500) await insertKey(db, fresh);
      return payload;
    }
    const refusal =
      row.request_hash !== fresh.request_hash
        ? new AppError('idempotency_key_reused', { param: 'Idempotency-Key' })
        : row.state === 'pending'
          ? new AppError('idempotency_request_in_progress', { param: 'Idempotency-Key' })
          : undefined;
    if (refusal) {
      reply.status(refusal.status).type(JSON_TYPE);
      return JSON.stringify(refusal.toBody());
    }
    reply.status(row.response_status ?? 200).header('idempotent-replayed', 'true');
    if (row.response_type) reply.type(row.response_type);
    return row.response_body ?? '';
  }

  async function storeResponse(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claimed = request.idempotencyClaim;
    if (!claimed) return payload;
    request.idempotencyClaim = undefined;
    const contentType = reply.getHeader('content-type');
    const response = {
      state: 'done' as const,
      response_status: reply.statusCode,
      response_body: typeof payload === 'string' ? payload : payload == null ? '' : String(payload),
      response_type: typeof contentType === 'string' ? contentType : null,
    };
    if (claimed.unwritten) {
      if (claimed.unwritten.stored) return payload;
      // Nothing to keep of a 5xx (it is retried); anything else is stored after the handler.
      const row = keyRow(options.clock, claimed.scope, claimed.key, claimed.unwritten.requestHash, response);
      if (reply.statusCode < 500 && (await insertKey(db, row))) return payload;
      return answerStored(claimed, row, reply, payload);
    }
    const where = db.updateTable('idempotency_keys').where('scope', '=', claimed.scope).where('key', '=', claimed.key);
    if (reply.statusCode >= 500) {
      await deleteKey(db, claimed.scope, claimed.key);
      return payload;
    }
    await where.set(response).execute();
    return payload;
  }
}
