import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asSession,
  cookiesOf,
  createTestApp,
  type Session,
  secondInstance,
  signUp,
  type TestApp,
  uniqueEmail,
} from '../../../test/support/app.js';
import { dialects } from '../../../test/support/databases.js';
import { SESSION_CACHE_TTL_MS } from './session-cache.js';

const PASSWORD = 'a long passphrase 1';

describe.each(dialects)('accounts API on %s', (dialect) => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await createTestApp(dialect);
  });
  afterAll(() => harness?.close());

  const inject = (options: InjectOptions) => harness.app.inject(options);
  const countUsers = async (email: string) => {
    const rows = await harness.fresh.database.db.selectFrom('users').select('id').where('email', '=', email).execute();
    return rows.length;
  };

  describe('sign up', () => {
    it('creates a buyer, signs them in with an HttpOnly SameSite=Lax cookie, and /me answers', async () => {
      const email = uniqueEmail('mei');
      const response = await inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { email, password: PASSWORD, display_name: '美美' },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.user).toMatchObject({ email, display_name: '美美', role: 'buyer', locale: 'zh-CN' });
      expect(body.user.id).toMatch(/^usr_/);
      expect(body.user.password_hash).toBeUndefined();
      const session = response.cookies.find((cookie) => cookie.name === 'jishi_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `jishi_session=${session?.value}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.email).toBe(email);
    });

    it('rejects a second account for the same email, whatever its case, and keeps the first', async () => {
      const email = uniqueEmail('dup');
      await signUp(harness.app, email);
      const again = await inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { email: email.toUpperCase(), password: 'another phrase 2' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'email_taken', param: 'email', type: 'conflict' });
      expect(await countUsers(email)).toBe(1);
    });

    it.each([
      [{ email: 'not-an-email', password: PASSWORD }, 400, 'validation_failed', 'email'],
      [{ email: 'x@example.com' }, 400, 'validation_failed', 'password'],
      [{ email: 42, password: PASSWORD }, 400, 'validation_failed', 'email'],
      [{ email: 'x@example.com', password: 12345678 }, 400, 'validation_failed', 'password'],
      [{ email: 'x@example.com', password: 'short' }, 400, 'weak_password', 'password'],
      [{ email: 'x@example.com', password: 'password123' }, 400, 'weak_password', 'password'],
      [{ email: 'x@example.com', password: PASSWORD, role: 'operator' }, 400, 'unknown_field', 'role'],
      [{ email: 'x@example.com', password: PASSWORD, locale: 'fr' }, 400, 'validation_failed', 'locale'],
    ])('answers %j with %i %s naming %s, storing nothing', async (payload, status, code, param) => {
      const response = await inject({ method: 'POST', url: '/api/v1/auth/signup', payload });
      expect(response.statusCode).toBe(status);
      expect(response.json().error).toMatchObject({ code, param });
      expect(await countUsers('x@example.com')).toBe(0);
    });

    it('answers malformed JSON, a non-JSON body and an oversized body with 4xx codes', async () => {
      const malformed = await inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('malformed_json');
      const text = await inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        headers: { 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(text.statusCode).toBe(415);
      expect(text.json().error.code).toBe('unsupported_media_type');
      const huge = await inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(2_000_000) }),
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error.code).toBe('body_too_large');
    });
  });

  describe('sign in and out', () => {
    it('signs in, and wrong credentials get one answer whichever part was wrong', async () => {
      const user = await signUp(harness.app);
      const good = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });
      expect(good.statusCode).toBe(200);
      expect(cookiesOf(good).jishi_session).toBeTruthy();
      const wrongPassword = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'wrong phrase 9' },
      });
      const unknownEmail = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: uniqueEmail('nobody'), password: PASSWORD },
      });
      expect(wrongPassword.statusCode).toBe(401);
      expect(unknownEmail.statusCode).toBe(401);
      expect(wrongPassword.json()).toEqual(unknownEmail.json());
      expect(wrongPassword.json().error.code).toBe('invalid_credentials');
    });

    it('slows down repeated failures on one account, then lets the owner in once the block ends', async () => {
      const user = await signUp(harness.app);
      const attempt = (password: string) =>
        inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password }, remoteAddress: '10.1.1.1' });
      for (let failure = 0; failure < 6; failure += 1) expect((await attempt('wrong phrase 9')).statusCode).toBe(401);
      const blocked = await attempt(PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('too_many_attempts');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      harness.clock.advance(2_000);
      expect((await attempt(PASSWORD)).statusCode).toBe(200);
    });

    it('slows down one address trying many accounts', async () => {
      const address = '10.2.2.2';
      for (let failure = 0; failure < 21; failure += 1) {
        const response = await inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: uniqueEmail('spray'), password: 'wrong phrase 9' },
          remoteAddress: address,
        });
        expect(response.statusCode).toBe(401);
      }
      const user = await signUp(harness.app);
      const blocked = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: PASSWORD },
        remoteAddress: address,
      });
      expect(blocked.statusCode).toBe(429);
      const elsewhere = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: PASSWORD },
        remoteAddress: '10.3.3.3',
      });
      expect(elsewhere.statusCode).toBe(200);
      harness.clock.advance(5_000);
    });

    it('needs the CSRF token to sign out with a cookie, and the session is gone after', async () => {
      const user = await signUp(harness.app);
      const withoutToken = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: user.cookie } });
      expect(withoutToken.statusCode).toBe(403);
      expect(withoutToken.json().error.code).toBe('csrf_token_invalid');
      const wrongToken = await inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: user.cookie, 'x-csrf-token': 'nope' },
      });
      expect(wrongToken.statusCode).toBe(403);
      expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(200);
      const out = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asSession(user) });
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((cookie) => cookie.name === 'jishi_session')?.value).toBe('');
      expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(401);
    });

    it('ends a session when it expires', async () => {
      const user = await signUp(harness.app);
      harness.clock.advance(31 * 24 * 3_600_000);
      const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } });
      expect(me.statusCode).toBe(401);
      expect(me.json().error.code).toBe('authentication_required');
    });

    it('changes the display name and language, and nothing else', async () => {
      const user = await signUp(harness.app);
      const changed = await inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: asSession(user),
        payload: { display_name: 'Mei 的小店', locale: 'en' },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json().user).toMatchObject({ display_name: 'Mei 的小店', locale: 'en', role: 'buyer' });
      const escalate = await inject({ method: 'PATCH', url: '/api/v1/me', headers: asSession(user), payload: { role: 'operator' } });
      expect(escalate.statusCode).toBe(400);
      expect(escalate.json().error).toMatchObject({ code: 'unknown_field', param: 'role' });
    });
  });

  describe('API keys', () => {
    let owner: Session;
    beforeAll(async () => {
      owner = await signUp(harness.app);
    });
    const createKey = (session: Session, name: string, headers: Record<string, string> = {}) =>
      inject({ method: 'POST', url: '/api/v1/api-keys', headers: asSession(session, headers), payload: { name } });

    it('shows the secret once, authenticates with it, and stops it when revoked', async () => {
      const created = await createKey(owner, 'shop sync');
      expect(created.statusCode).toBe(201);
      const { api_key, secret } = created.json();
      expect(secret).toMatch(/^jsk_/);
      expect(api_key.prefix).toBe(secret.slice(0, 12));
      const listed = await inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie: owner.cookie } });
      expect(JSON.stringify(listed.json())).not.toContain(secret);
      const bearer = { authorization: `Bearer ${secret}` };
      const me = await inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
      expect(me.json().user.id).toBe(owner.userId);
      // A bearer key cannot be sent by another site, so it needs no CSRF token.
      const viaKey = await inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer, payload: { display_name: 'via key' } });
      expect(viaKey.statusCode).toBe(200);
      const revoked = await inject({ method: 'DELETE', url: `/api/v1/api-keys/${api_key.id}`, headers: asSession(owner) });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().api_key.revoked_at).toBeTruthy();
      const after = await inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('invalid_api_key');
    });

    it('keeps one user’s keys from another', async () => {
      const created = (await createKey(owner, 'private')).json();
      const stranger = await signUp(harness.app);
      const revoke = await inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.api_key.id}`, headers: asSession(stranger) });
      expect(revoke.statusCode).toBe(404);
      const list = await inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie: stranger.cookie } });
      expect(list.json().data).toEqual([]);
      const anonymous = await inject({ method: 'GET', url: '/api/v1/api-keys' });
      expect(anonymous.statusCode).toBe(401);
      const garbage = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer jsk_made_up' } });
      expect(garbage.statusCode).toBe(401);
    });

    it('pages through keys newest first with a cursor, and bounds the page size', async () => {
      const user = await signUp(harness.app);
      for (const name of ['one', 'two', 'three', 'four', 'five']) await createKey(user, name);
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const page = await inject({ method: 'GET', url: `/api/v1/api-keys${query}`, headers: { cookie: user.cookie } });
        expect(page.statusCode).toBe(200);
        const body = page.json();
        expect(body.data.length).toBeLessThanOrEqual(2);
        names.push(...body.data.map((key: { name: string }) => key.name));
        cursor = body.next_cursor;
      } while (cursor);
      expect(names).toEqual(['five', 'four', 'three', 'two', 'one']);
      const tooMany = await inject({ method: 'GET', url: '/api/v1/api-keys?limit=1000', headers: { cookie: user.cookie } });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().error.param).toBe('limit');
      const badCursor = await inject({ method: 'GET', url: '/api/v1/api-keys?cursor=%27%3B--', headers: { cookie: user.cookie } });
      expect(badCursor.statusCode).toBe(400);
      expect(badCursor.json().error.param).toBe('cursor');
    });

    it('limits the number of active keys', async () => {
      const user = await signUp(harness.app);
      for (let index = 0; index < 20; index += 1) expect((await createKey(user, `key ${index}`)).statusCode).toBe(201);
      const over = await createKey(user, 'one too many');
      expect(over.statusCode).toBe(409);
      expect(over.json().error.code).toBe('api_key_limit_reached');
    });

    it('replays the first response for a repeated Idempotency-Key and refuses a different body', async () => {
      const user = await signUp(harness.app);
      const first = await createKey(user, 'integration', { 'idempotency-key': 'create-key-1' });
      const replay = await createKey(user, 'integration', { 'idempotency-key': 'create-key-1' });
      expect(first.statusCode).toBe(201);
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      const list = await inject({ method: 'GET', url: '/api/v1/api-keys', headers: { cookie: user.cookie } });
      expect(list.json().data).toHaveLength(1);
      const reused = await createKey(user, 'something else', { 'idempotency-key': 'create-key-1' });
      expect(reused.statusCode).toBe(409);
      expect(reused.json().error.code).toBe('idempotency_key_reused');
      // Keys are per user: another user's identical key is a separate request.
      const other = await signUp(harness.app);
      expect((await createKey(other, 'integration', { 'idempotency-key': 'create-key-1' })).headers['idempotent-replayed']).toBeUndefined();
      // After 24 hours the key is forgotten and may be used again.
      harness.clock.advance(24 * 3_600_000 + 1);
      const fresh = await signUp(harness.app);
      const later = await createKey(fresh, 'integration', { 'idempotency-key': 'create-key-1' });
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      const invalid = await createKey(fresh, 'x', { 'idempotency-key': 'has space' });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error.code).toBe('idempotency_key_invalid');
    });
  });

  describe('across server instances', () => {
    it('shares sessions, API keys and sign-in throttling through the database alone', async () => {
      const other = await secondInstance(harness);
      try {
        const user = await signUp(harness.app);
        const me = await other.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } });
        expect(me.json().user.id).toBe(user.userId);
        const { secret } = (
          await inject({ method: 'POST', url: '/api/v1/api-keys', headers: asSession(user), payload: { name: 'shared' } })
        ).json();
        const viaKey = await other.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
        expect(viaKey.statusCode).toBe(200);
        const wrong = { email: user.email, password: 'wrong phrase 9' };
        for (let failure = 0; failure < 6; failure += 1) {
          const target = failure % 2 === 0 ? harness.app : other.app;
          await target.inject({ method: 'POST', url: '/api/v1/auth/login', payload: wrong, remoteAddress: '10.9.9.9' });
        }
        const blocked = await other.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password: PASSWORD },
        });
        expect(blocked.statusCode).toBe(429);
        harness.clock.advance(2_000);

        // A sign-out on one instance reaches the other within the session cache's bound.
        expect((await other.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(200);
        await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asSession(user) });
        expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(401);
        harness.clock.advance(SESSION_CACHE_TTL_MS);
        expect((await other.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(401);
      } finally {
        await other.close();
      }
    });
  });

  describe('plumbing', () => {
    it('answers unknown API routes with a JSON 404 and carries security headers and a request id', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'x-request-id': 'trace-123' } });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('route_not_found');
      expect(response.headers['x-request-id']).toBe('trace-123');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      const generated = await inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
      expect(generated.headers['x-request-id']).toMatch(/^req_/);
    });

    it('reports health, readiness and Prometheus metrics', async () => {
      expect((await inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', database: dialect });
      const metrics = await inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('jishi_http_requests_total{method="GET",route="/readyz",status="200"}');
      expect(metrics.body).toContain('jishi_process_resident_memory_bytes');
    });

    it('publishes an OpenAPI document that describes the routes', async () => {
      const response = await inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toMatch(/^3\./);
      for (const path of ['/api/v1/auth/signup', '/api/v1/auth/login', '/api/v1/me', '/api/v1/api-keys', '/api/v1/api-keys/{id}']) {
        expect(document.paths[path], path).toBeDefined();
      }
      expect(document.paths['/api/v1/auth/signup'].post.requestBody).toBeDefined();
      const docs = await inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.body).toContain('swagger');
    });
  });
});
