/** API tokens for automation (SPEC C6), a port of core/ports.ts: stored hashed, per tenant. */
import type { CredentialUser } from './principal.js';

export interface ApiToken {
  id: string;
  tenantId: string;
  /** The user whose permissions the token carries (SPEC C6: never more than theirs). */
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A token as listed: with its owner's username (null if the user is gone). */
export type ListedApiToken = ApiToken & { userName: string | null };

export interface ApiTokenRepository {
  insert(t: ApiToken): Promise<void>;
  findByHash(tokenHash: string): Promise<ApiToken | undefined>;
  /** The token and what a Principal needs of its user (null when the user is gone), in one round trip. */
  findWithUserByHash(tokenHash: string): Promise<{ token: ApiToken; user: CredentialUser | null } | undefined>;
  findById(tenantId: string, id: string): Promise<ApiToken | undefined>;
  /** The tokens of one user, or of the whole tenant when userId is omitted, newest first, with owners' usernames. */
  list(tenantId: string, userId?: string): Promise<ListedApiToken[]>;
  revoke(tenantId: string, id: string, at: string): Promise<void>;
  /** Records a use, unless one was recorded after `unlessAfter` (the write is throttled). */
  touch(tenantId: string, id: string, at: string, unlessAfter: string): Promise<void>;
}
