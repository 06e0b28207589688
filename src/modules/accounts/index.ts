/**
 * The accounts module's public API: the only file other modules import.
 * It owns users, sessions, API keys and sign-in throttling.
 */
import { up } from './migrations/2026112401_accounts_initial.js';

export { accountsHttp, CSRF_COOKIE, registerAuthentication, requireOperator, requireUser, SESSION_COOKIE } from './http.js';
export type { Role } from './schema.js';
export type { AccountsContext, Principal, PublicUser } from './service.js';
export { createOperator, findUserByEmail, findUsersByIds, signUp } from './service.js';
export { SESSION_CACHE_TTL_MS, SessionCache } from './session-cache.js';

export const accountsMigrations = { '2026112401_accounts_initial': { up } };
