import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.js';
import { decodeCursor, PageOf, PageQuery, toPage } from '../../kernel/http/pagination.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import type { AccountsContext, NewSession, Principal } from './service.js';
import * as service from './service.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const SESSION_COOKIE = 'jishi_session';
export const CSRF_COOKIE = 'jishi_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  display_name: Type.String(),
  role: Type.Union([Type.Literal('buyer'), Type.Literal('operator')]),
  locale: Type.String(),
  created_at: Type.String(),
});

const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
const DisplayName = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' });

const SessionResponse = Type.Object({ user: User, csrf_token: Type.String() });

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
});

const ErrorResponse = Type.Object({
  error: Type.Object({
    type: Type.String(),
    code: Type.String(),
    message: Type.String(),
    param: Type.Optional(Type.String()),
  }),
});

/** The signed-in principal, or a 401. Other modules call this through the accounts index. */
export function requireUser(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('authentication_required');
  return request.principal;
}

export function requireOperator(request: FastifyRequest): Principal {
  const principal = requireUser(request);
  if (principal.user.role !== 'operator') throw new AppError('forbidden');
  return principal;
}

interface CookieOptions {
  secure: boolean;
}

function setSessionCookies(reply: FastifyReply, session: NewSession, options: CookieOptions): void {
  const expires = new Date(session.expires_at);
  reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure, expires });
  // Readable by the page so it can echo it in X-CSRF-Token; useless to another site, which cannot read it.
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure: options.secure, expires });
}

function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/**
 * Resolves who is calling, once per request, before validation: a bearer API key, or the
 * session cookie. A cookie-authenticated request that changes something must echo the
 * session's CSRF token in X-CSRF-Token; a bearer key cannot be sent by another site, so
 * API-key requests need none.
 */
export function registerAuthentication(app: FastifyInstance, context: AccountsContext): void {
  const accept = (request: FastifyRequest, principal: Principal | undefined): void => {
    if (!principal) return;
    if (principal.via === 'session' && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== principal.csrfToken) {
      throw new AppError('csrf_token_invalid', { param: 'X-CSRF-Token' });
    }
    request.principal = principal;
  };
  // A callback hook rather than an async one: most requests (anonymous, or a session the
  // cache knows) finish it without creating a single promise.
  app.addHook('onRequest', (request, _reply, done) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) return done(new AppError('invalid_api_key'));
      service.authenticateApiKey(context, match[1]).then((principal) => {
        request.principal = principal;
        done();
      }, done);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return done();
    const tokenHash = service.hashToken(token);
    const cached = service.cachedSession(context, tokenHash);
    if (cached) {
      try {
        accept(request, cached);
      } catch (error) {
        return done(error as Error);
      }
      return done();
    }
    service.loadSession(context, tokenHash).then((principal) => {
      try {
        accept(request, principal);
        done();
      } catch (error) {
        done(error as Error);
      }
    }, done);
  });
}

export function accountsHttp(context: AccountsContext, options: CookieOptions) {
  return async function accountsRoutes(root: FastifyInstance): Promise<void> {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const errors = {
      400: ErrorResponse,
      401: ErrorResponse,
      403: ErrorResponse,
      404: ErrorResponse,
      409: ErrorResponse,
      429: ErrorResponse,
    };

    app.post(
      '/api/v1/auth/signup',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create an account and sign in',
          body: Type.Object(
            { email: Email, password: Password, display_name: Type.Optional(DisplayName), locale: Type.Optional(Locale) },
            { additionalProperties: false },
          ),
          response: { 201: SessionResponse, ...errors },
        },
      },
      async (request, reply) => {
        const session = await service.signUpAndStartSession(context, request.body);
        setSessionCookies(reply, session, options);
        return reply.status(201).send({ user: session.user, csrf_token: session.csrfToken });
      },
    );

    app.post(
      '/api/v1/auth/login',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Sign in with email and password',
          body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
          response: { 200: SessionResponse, ...errors },
        },
      },
      async (request, reply) => {
        const session = await service.signIn(context, { ...request.body, address: request.ip });
        setSessionCookies(reply, session, options);
        return { user: session.user, csrf_token: session.csrfToken };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      { schema: { tags: ['accounts'], summary: 'Sign out of this session', response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        const principal = request.principal;
        if (principal?.sessionId) await service.signOut(context, principal.sessionId);
        clearSessionCookies(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/me',
      {
        schema: {
          tags: ['accounts'],
          summary: 'The signed-in account',
          response: { 200: Type.Object({ user: User, csrf_token: Type.Optional(Type.String()) }), ...errors },
        },
      },
      async (request) => {
        const principal = requireUser(request);
        return { user: principal.user, csrf_token: principal.csrfToken };
      },
    );

    app.patch(
      '/api/v1/me',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Change the display name or language',
          body: Type.Object({ display_name: Type.Optional(DisplayName), locale: Type.Optional(Locale) }, { additionalProperties: false }),
          response: { 200: Type.Object({ user: User }), ...errors },
        },
      },
      async (request) => {
        const principal = requireUser(request);
        return { user: await service.updateProfile(context, principal.user.id, request.body) };
      },
    );

    app.get(
      '/api/v1/api-keys',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Your API keys, newest first',
          querystring: PageQuery,
          response: { 200: PageOf(ApiKey), ...errors },
        },
      },
      async (request) => {
        const principal = requireUser(request);
        const { limit, cursor } = request.query;
        const rows = await service.listApiKeys(context, principal.user.id, decodeCursor(cursor), limit);
        return toPage(rows, limit, (row) => row);
      },
    );

    app.post(
      '/api/v1/api-keys',
      {
        config: { idempotency: 'optional' },
        schema: {
          tags: ['accounts'],
          summary: 'Create an API key; its secret is shown only in this response',
          body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }) }, { additionalProperties: false }),
          response: { 201: Type.Object({ api_key: ApiKey, secret: Type.String() }), ...errors },
        },
      },
      async (request, reply) => {
        const principal = requireUser(request);
        return reply.status(201).send(await service.createApiKey(context, principal.user.id, request.body.name));
      },
    );

    app.delete(
      '/api/v1/api-keys/:id',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Revoke an API key',
          params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
          response: { 200: Type.Object({ api_key: ApiKey }), ...errors },
        },
      },
      async (request) => {
        const principal = requireUser(request);
        const key = await service.revokeApiKey(context, principal.user.id, request.params.id);
        return { api_key: key as NonNullable<typeof key> };
      },
    );
  };
}
