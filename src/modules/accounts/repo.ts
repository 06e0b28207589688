import type { Kysely } from 'kysely';
import { preparedQuery } from '../../kernel/db/prepared.js';
import type { AccountsTables, ApiKeysTable, Role, SessionsTable, UsersTable } from './schema.js';

/** All SQL of the accounts module. */
type Db = Kysely<AccountsTables>;

export async function insertUser(db: Db, user: UsersTable): Promise<boolean> {
  const result = await db
    .insertInto('users')
    .values(user)
    .onConflict((conflict) => conflict.column('email').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Pick<UsersTable, 'display_name' | 'locale' | 'role' | 'password_hash'>>,
  updated_at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at })
    .where('id', '=', id)
    .execute();
}

export async function setRole(db: Db, id: string, role: Role, updated_at: string): Promise<void> {
  await db.updateTable('users').set({ role, updated_at }).where('id', '=', id).execute();
}

export async function insertSession(db: Db, session: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The session with its user in one query: this runs on every signed-in request, so it is built once. */
export const findSessionWithUser = preparedQuery<[string], SessionWithUser>('accounts.findSessionWithUser', (db, tokenHash) =>
  (db as Db)
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
    .where('sessions.token_hash', '=', tokenHash),
);

export interface SessionWithUser {
  session_id: string;
  csrf_token: string;
  expires_at: string;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  locale: string;
  created_at: string;
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export async function insertApiKey(db: Db, key: ApiKeysTable): Promise<void> {
  await db.insertInto('api_keys').values(key).execute();
}

export async function countActiveApiKeys(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function listApiKeys(db: Db, userId: string, afterId: string | undefined, limit: number) {
  let query = db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId);
  if (afterId) query = query.where('id', '<', afterId);
  return query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function findApiKeyWithUser(db: Db, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      'api_keys.id as api_key_id',
      'api_keys.revoked_at',
      'api_keys.last_used_at',
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.locale',
      'users.created_at',
    ])
    .where('api_keys.key_hash', '=', keyHash)
    .executeTakeFirst();
}

export async function touchApiKey(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function revokeApiKey(db: Db, userId: string, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findApiKey(db: Db, userId: string, id: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function findThrottle(db: Db, keys: string[]) {
  return db.selectFrom('sign_in_throttle').selectAll().where('key', 'in', keys).execute();
}

export async function saveThrottle(
  db: Db,
  row: { key: string; failures: number; window_started_at: string; blocked_until: string | null },
): Promise<void> {
  await db
    .insertInto('sign_in_throttle')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        failures: row.failures,
        window_started_at: row.window_started_at,
        blocked_until: row.blocked_until,
      }),
    )
    .execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
