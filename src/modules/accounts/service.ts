import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AssertionError } from '../../kernel/assert.js';
import type { Clock } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db/database.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.js';
import * as repo from './repo.js';
import type { AccountsTables, Role } from './schema.js';
import type { SessionCache } from './session-cache.js';
import { ACCOUNT_POLICY, ADDRESS_POLICY, afterFailure, remainingBlock_ms, type ThrottlePolicy, type ThrottleState } from './throttle.js';

export interface AccountsContext {
  db: Executor;
  clock: Clock;
  passwordHashCost: number;
  sessionTtl_ms: number;
  /** The server's; command-line tools run without one. */
  sessionCache?: SessionCache;
}

export interface PublicUser {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  locale: string;
  created_at: string;
}

export interface Principal {
  user: PublicUser;
  via: 'session' | 'api_key';
  sessionId?: string;
  csrfToken?: string;
  apiKeyId?: string;
}

export const MAX_ACTIVE_API_KEYS = 20;
export const SESSION_TOKEN_BYTES = 32;
export const API_KEY_PREFIX = 'jsk_';
const API_KEY_TOUCH_INTERVAL_MS = 60_000;
export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;

/** A hash stored in place of a secret: a stolen database yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function tables(context: AccountsContext): Kysely<AccountsTables> {
  return context.db as Kysely<AccountsTables>;
}

function present(row: PublicUser): PublicUser {
  return {
    id: row.id,
    email: row.email,
    display_name: row.display_name,
    role: row.role,
    locale: row.locale,
    created_at: row.created_at,
  };
}

export interface SignUpInput {
  email: string;
  password: string;
  display_name?: string | undefined;
  locale?: string | undefined;
}

/**
 * Creates an account. The password is hashed before any transaction opens (scrypt takes
 * tens of milliseconds, and no lock should wait on it); then the user and, when asked, the
 * first session are written in one transaction, so a failure leaves neither behind.
 */
export async function signUp(context: AccountsContext, input: SignUpInput, role: Role = 'buyer'): Promise<PublicUser> {
  return (await createAccount(context, input, role, false)).user;
}

export async function signUpAndStartSession(context: AccountsContext, input: SignUpInput): Promise<NewSession> {
  const { session } = await createAccount(context, input, 'buyer', true);
  if (!session) throw new AssertionError('a session was asked for');
  return session;
}

async function createAccount(context: AccountsContext, input: SignUpInput, role: Role, withSession: boolean) {
  const email = normalizeEmail(input.email);
  const weakness = passwordWeakness(input.password, email);
  if (weakness) throw new AppError('weak_password', { param: 'password', message: weakness });
  const now = context.clock.nowIso();
  const user = {
    id: newId('usr', context.clock.now_ms()),
    email,
    password_hash: await hashPassword(input.password, context.passwordHashCost),
    display_name: input.display_name?.trim() || (email.split('@')[0] ?? email),
    role,
    locale: input.locale ?? 'zh-CN',
    created_at: now,
    updated_at: now,
  };
  return tables(context)
    .transaction()
    .execute(async (tx) => {
      if (!(await repo.insertUser(tx, user))) throw new AppError('email_taken', { param: 'email' });
      const session = withSession ? await startSession({ ...context, db: tx }, present(user)) : undefined;
      return { user: present(user), session };
    });
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expires_at: string;
  user: PublicUser;
}

export async function startSession(context: AccountsContext, user: PublicUser): Promise<NewSession> {
  const token = randomBytes(SESSION_TOKEN_BYTES).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now_ms = context.clock.now_ms();
  const expires_at = new Date(now_ms + context.sessionTtl_ms).toISOString();
  await repo.insertSession(tables(context), {
    id: newId('ses', now_ms),
    token_hash: hashToken(token),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: new Date(now_ms).toISOString(),
    expires_at,
  });
  return { token, csrfToken, expires_at, user };
}

function throttleKeys(email: string, address: string) {
  return [
    { key: `account:${email}`, policy: ACCOUNT_POLICY },
    { key: `address:${address}`, policy: ADDRESS_POLICY },
  ];
}

function toState(row: { failures: number; window_started_at: string; blocked_until: string | null }): ThrottleState {
  return {
    failures: row.failures,
    window_started_ms: Date.parse(row.window_started_at),
    blocked_until_ms: row.blocked_until ? Date.parse(row.blocked_until) : null,
  };
}

async function recordFailure(db: Kysely<AccountsTables>, now_ms: number, keys: { key: string; policy: ThrottlePolicy }[]) {
  await db.transaction().execute(async (tx) => {
    const rows = await repo.findThrottle(
      tx,
      keys.map((entry) => entry.key),
    );
    for (const { key, policy } of keys) {
      const row = rows.find((candidate) => candidate.key === key);
      const next = afterFailure(row ? toState(row) : undefined, now_ms, policy);
      await repo.saveThrottle(tx, {
        key,
        failures: next.failures,
        window_started_at: new Date(next.window_started_ms).toISOString(),
        blocked_until: next.blocked_until_ms === null ? null : new Date(next.blocked_until_ms).toISOString(),
      });
    }
  });
}

/** Signs in, or throws `invalid_credentials` (not saying which part was wrong) or `too_many_attempts`. */
export async function signIn(context: AccountsContext, input: { email: string; password: string; address: string }): Promise<NewSession> {
  const db = tables(context);
  const email = normalizeEmail(input.email);
  const keys = throttleKeys(email, input.address);
  const now_ms = context.clock.now_ms();
  const throttles = await repo.findThrottle(
    db,
    keys.map((entry) => entry.key),
  );
  const wait_ms = Math.max(0, ...throttles.map((row) => remainingBlock_ms(toState(row), now_ms)));
  if (wait_ms > 0) {
    const seconds = Math.ceil(wait_ms / 1000);
    throw new AppError('too_many_attempts', {
      message: `Too many failed attempts; try again in ${seconds} s.`,
      headers: { 'retry-after': String(seconds) },
    });
  }
  const user = await repo.findUserByEmail(db, email);
  // Without an account, still spend the time of a hash check, so timing does not reveal which emails exist.
  const valid = user
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, await dummyHash(context.passwordHashCost)).then(() => false);
  if (!user || !valid) {
    await recordFailure(db, now_ms, keys);
    throw new AppError('invalid_credentials');
  }
  await repo.clearThrottle(db, `account:${email}`);
  return startSession(context, present(user));
}

const dummyHashes = new Map<number, Promise<string>>();

/** A hash of nothing at the configured cost, checked against when the email is unknown. */
function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('base64url'), cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

export async function signOut(context: AccountsContext, sessionId: string): Promise<void> {
  await repo.deleteSession(tables(context), sessionId);
  context.sessionCache?.forgetSession(sessionId);
}

/** The principal the session cache holds for this token's hash, without touching the database. */
export function cachedSession(context: AccountsContext, tokenHash: string): Principal | undefined {
  return context.sessionCache?.get(tokenHash, context.clock.now_ms());
}

/** Looks the session up in the database, and keeps the answer in the session cache. */
export async function loadSession(context: AccountsContext, tokenHash: string): Promise<Principal | undefined> {
  const now_ms = context.clock.now_ms();
  const [row] = await repo.findSessionWithUser(context.db, tokenHash);
  if (!row || row.expires_at <= new Date(now_ms).toISOString()) return undefined;
  const principal: Principal = { user: present(row), via: 'session', sessionId: row.session_id, csrfToken: row.csrf_token };
  context.sessionCache?.set(tokenHash, principal, now_ms, Date.parse(row.expires_at));
  return principal;
}

export async function authenticateSession(context: AccountsContext, token: string): Promise<Principal | undefined> {
  const tokenHash = hashToken(token);
  return cachedSession(context, tokenHash) ?? loadSession(context, tokenHash);
}

export async function authenticateApiKey(context: AccountsContext, secret: string): Promise<Principal> {
  const db = tables(context);
  const row = secret.startsWith(API_KEY_PREFIX) ? await repo.findApiKeyWithUser(db, hashToken(secret)) : undefined;
  if (!row || row.revoked_at !== null) throw new AppError('invalid_api_key');
  const now_ms = context.clock.now_ms();
  // Recording every use would make each API call a write; once a minute is enough to show activity.
  if (!row.last_used_at || now_ms - Date.parse(row.last_used_at) > API_KEY_TOUCH_INTERVAL_MS) {
    await repo.touchApiKey(db, row.api_key_id, new Date(now_ms).toISOString());
  }
  return { user: present(row), via: 'api_key', apiKeyId: row.api_key_id };
}

export async function createApiKey(context: AccountsContext, userId: string, name: string) {
  const db = tables(context);
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now_ms = context.clock.now_ms();
  const key = {
    id: newId('key', now_ms),
    user_id: userId,
    name: name.trim(),
    prefix: secret.slice(0, 12),
    key_hash: hashToken(secret),
    created_at: new Date(now_ms).toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.transaction().execute(async (tx) => {
    if ((await repo.countActiveApiKeys(tx, userId)) >= MAX_ACTIVE_API_KEYS) throw new AppError('api_key_limit_reached');
    await repo.insertApiKey(tx, key);
  });
  const { key_hash: _hash, user_id: _user, ...visible } = key;
  return { api_key: visible, secret };
}

export function listApiKeys(context: AccountsContext, userId: string, afterId: string | undefined, limit: number) {
  return repo.listApiKeys(tables(context), userId, afterId, limit);
}

export async function revokeApiKey(context: AccountsContext, userId: string, id: string) {
  const db = tables(context);
  const key = await repo.findApiKey(db, userId, id);
  if (!key) throw new AppError('not_found', { param: 'id', message: 'No such API key.' });
  if (key.revoked_at === null) await repo.revokeApiKey(db, userId, id, context.clock.nowIso());
  return repo.findApiKey(db, userId, id);
}

export async function updateProfile(
  context: AccountsContext,
  userId: string,
  changes: { display_name?: string | undefined; locale?: string | undefined },
): Promise<PublicUser> {
  const db = tables(context);
  const update: { display_name?: string; locale?: string } = {};
  if (changes.display_name !== undefined) update.display_name = changes.display_name.trim();
  if (changes.locale !== undefined) update.locale = changes.locale;
  if (Object.keys(update).length > 0) await repo.updateUser(db, userId, update, context.clock.nowIso());
  context.sessionCache?.forgetUser(userId);
  const user = await repo.findUserById(db, userId);
  if (!user) throw new AppError('not_found');
  return present(user);
}

/** Creates an operator, or makes an existing account one (the `jishi admin create` command). */
export async function createOperator(context: AccountsContext, input: SignUpInput): Promise<{ user: PublicUser; created: boolean }> {
  const db = tables(context);
  const existing = await repo.findUserByEmail(db, normalizeEmail(input.email));
  if (existing) {
    await repo.setRole(db, existing.id, 'operator', context.clock.nowIso());
    context.sessionCache?.forgetUser(existing.id);
    return { user: present({ ...existing, role: 'operator' }), created: false };
  }
  return { user: await signUp(context, input, 'operator'), created: true };
}

/** The public profile of the account with this email, for adding staff by email. */
export async function findUserByEmail(db: Executor, email: string): Promise<PublicUser | undefined> {
  const user = await repo.findUserByEmail(db as Kysely<AccountsTables>, normalizeEmail(email));
  return user ? present(user) : undefined;
}

export async function findUsersByIds(db: Executor, ids: readonly string[]): Promise<PublicUser[]> {
  if (ids.length === 0) return [];
  const rows = await (db as Kysely<AccountsTables>).selectFrom('users').selectAll().where('id', 'in', ids).execute();
  return rows.map(present);
}
