/** What sign-in (SPEC C6) needs from storage: local credentials, one-time password links, sessions. */
import type { CredentialUser } from './principal.js';

/** A local user's password and lockout state; a user without a row has no password yet. */
export interface LocalCredential {
  tenantId: string;
  userId: string;
  /** argon2id PHC string; null until the user sets a password through their link. */
  passwordHash: string | null;
  passwordSetAt: string | null;
  /** Failed password attempts since the last success or lockout. */
  failedAttempts: number;
  /** Lockouts since the last successful sign-in: each one doubles the next lock's length. */
  lockouts: number;
  lockedUntil: string | null;
  updatedAt: string;
}

export interface LocalCredentialRepository {
  find(tenantId: string, userId: string): Promise<LocalCredential | undefined>;
  /** Inserts or replaces the user's row. */
  save(c: LocalCredential): Promise<void>;
  /** Inserts rows for new users (bulk upload). */
  insertMany(cs: readonly LocalCredential[]): Promise<void>;
}

/** Why a one-time password link was issued: a new user's first password, or an administrator's reset. */
export type PasswordTokenPurpose = 'set' | 'reset';

/** A one-time, expiring set/reset-password link; only the SHA-256 of its token is stored. */
export interface PasswordToken {
  tenantId: string;
  tokenHash: string;
  userId: string;
  purpose: PasswordTokenPurpose;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface PasswordTokenRepository {
  insert(t: PasswordToken): Promise<void>;
  find(tenantId: string, tokenHash: string): Promise<PasswordToken | undefined>;
  /** Marks it used if it still is unused; false when another request used it first. */
  markUsed(tenantId: string, tokenHash: string, at: string): Promise<boolean>;
  /** Marks every unused link of the user used (a newer link replaces older ones). */
  retireAllOfUser(tenantId: string, userId: string, at: string): Promise<void>;
}

/** Which client a session is for: the admin console (cookie) or the client app (bearer token). */
export type SessionClient = 'console' | 'app';

/** A sign-in session; the token and CSRF token are stored as SHA-256 hashes only. */
export interface Session {
  tenantId: string;
  id: string;
  tokenHash: string;
  /** Console sessions only: the hash of the CSRF token state-changing requests must echo. */
  csrfHash: string | null;
  userId: string;
  client: SessionClient;
  /** How the user proved who they are ('password' now; 'saml' later, SPEC C7). */
  method: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  revokedAt: string | null;
}

export interface SessionRepository {
  insert(s: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | undefined>;
  /** The session and what a Principal needs of its user (null when the user is gone), in one round trip. */
  findWithUserByTokenHash(tokenHash: string): Promise<{ session: Session; user: CredentialUser | null } | undefined>;
  /** Records activity: a later idle expiry. */
  touch(tenantId: string, id: string, lastSeenAt: string, idleExpiresAt: string): Promise<void>;
  /** Revokes one session; false when it was not live. */
  revoke(tenantId: string, id: string, at: string): Promise<boolean>;
  /** Revokes every live session of the user; returns how many. */
  revokeAllOfUser(tenantId: string, userId: string, at: string): Promise<number>;
}
