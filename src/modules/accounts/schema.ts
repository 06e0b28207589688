/** The accounts module's tables. Timestamps are ISO 8601 UTC text, sortable as text. */
export type Role = 'buyer' | 'operator';
export const ROLES: readonly Role[] = ['buyer', 'operator'];

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  role: Role;
  locale: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  blocked_until: string | null;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  sign_in_throttle: SignInThrottleTable;
}
