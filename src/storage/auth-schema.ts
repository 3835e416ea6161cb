/** The sign-in tables (SPEC C6): machine tokens, local passwords, reset links, sessions; part of schema.ts's Database. */

/** Admin API tokens, stored hashed. */
export interface ApiTokensTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Migration 0008: a local user's password and lockout state (SPEC C6). */
export interface LocalCredentialsTable {
  tenant_id: string;
  user_id: string;
  password_hash: string | null;
  password_set_at: string | null;
  failed_attempts: number;
  lockouts: number;
  locked_until: string | null;
  updated_at: string;
}
/** Migration 0008: one-time set/reset-password links, stored hashed. */
export interface PasswordTokensTable {
  tenant_id: string;
  token_hash: string;
  user_id: string;
  purpose: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
/** Migration 0009: sign-in sessions (SPEC C6). */
export interface SessionsTable {
  tenant_id: string;
  id: string;
  token_hash: string;
  csrf_hash: string | null;
  user_id: string;
  client: string;
  method: string;
  created_at: string;
  last_seen_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
}

export interface AuthTables {
  api_tokens: ApiTokensTable;
  local_credentials: LocalCredentialsTable;
  password_tokens: PasswordTokensTable;
  sessions: SessionsTable;
}
