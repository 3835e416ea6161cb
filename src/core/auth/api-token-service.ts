import { DomainError } from '../errors.js';
import type { ApiToken, Clock, Ids, ListedApiToken, Store } from '../ports.js';
import { readAccess, runCommand } from './command.js';
import { hashSecret, newSecret } from './credentials.js';
import { principalOf, type Principal } from './principal.js';

/** A token's last-used time is written at most this often (never on every request). */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** A new token and its secret, shown exactly once. */
export interface IssuedApiToken {
  token: ApiToken;
  secret: string;
}

/**
 * API tokens for automation (SPEC C6): a token acts as the user who created it, with that user's
 * roles as they are at each request (never more: a role taken from the user is gone from the
 * token). Stored hashed and shown once; revocable; optional expiry; an expired or revoked token,
 * or one whose user is blocked or deactivated, is 401.
 */
export class ApiTokenService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** The principal a presented secret stands for, or auth.unauthenticated. */
  async authenticate(secret: string, ip: string | null): Promise<Principal> {
    // The token with its user and roles as they are now (remembered only until any of it changes).
    const found = await this.store.repos.apiTokens.findWithUserByHash(hashSecret(secret));
    const t = found?.token;
    const now = this.clock.now();
    if (!t || t.revokedAt !== null || (t.expiresAt !== null && Date.parse(t.expiresAt) <= now.getTime()))
      throw new DomainError('auth.unauthenticated', {});
    const principal = principalOf(t.tenantId, t.userId, found?.user, { kind: 'api_token', id: t.id }, ip);
    if (!principal) throw new DomainError('auth.unauthenticated', {});
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
    if (t.lastUsedAt === null || t.lastUsedAt < stale)
      await this.store.transaction((tx) => tx.apiTokens.touch(t.tenantId, t.id, now.toISOString(), stale));
    return principal;
  }

  /**
   * Issues a token for `userId` (default: the caller). A user issues tokens for themselves; issuing
   * one for someone else is the operator's (CLI) alone, since a token carries its user's permissions.
   */
  async create(
    actor: Principal,
    input: { name: string; expiresAt?: string | null; userId?: string; userName?: string },
  ): Promise<IssuedApiToken> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > 200)
      throw new DomainError('input.invalid', { field: 'name', reason: 'name must be 1–200 characters' });
    const forOther = input.userId !== undefined || input.userName !== undefined;
    if (forOther && actor.credential.kind !== 'operator' && input.userId !== actor.userId)
      throw new DomainError('input.invalid', { field: 'userId', reason: 'tokens are issued for oneself' });
    const expiresAt = this.checkExpiry(input.expiresAt ?? null);
    return runCommand({ store: this.store, clock: this.clock, ids: this.ids }, actor, async ({ tx, now, audit }) => {
      const tenantId = actor.tenantId;
      const user =
        input.userName !== undefined
          ? await tx.users.findByUserName(tenantId, input.userName)
          : await tx.users.findById(tenantId, input.userId ?? actor.userId ?? '');
      const ref = input.userName ?? input.userId ?? actor.userId ?? '';
      if (!user || user.status !== 'active') throw new DomainError('user.not_found', { id: ref, field: 'user' });
      const userId = user.id;
      const secret = newSecret('rst_at');
      const token: ApiToken = {
        id: this.ids.newId(),
        tenantId: actor.tenantId,
        userId,
        name,
        tokenHash: hashSecret(secret),
        createdAt: now,
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      };
      await tx.apiTokens.insert(token);
      await audit({ action: 'api_token.create', targetType: 'api_token', targetId: token.id, after: view(token) });
      return { token, secret };
    });
  }

  /** The caller's tokens; a holder of identity_management.manage over all organizations sees every token. */
  async list(actor: Principal): Promise<ListedApiToken[]> {
    const repos = this.store.repos;
    return this.seesAll(actor)
      ? repos.apiTokens.list(actor.tenantId)
      : actor.userId === null
        ? []
        : repos.apiTokens.list(actor.tenantId, actor.userId);
  }

  /** Revokes a token at once (idempotent); one's own, or any with identity_management.manage. */
  async revoke(actor: Principal, id: string): Promise<ApiToken> {
    return runCommand({ store: this.store, clock: this.clock, ids: this.ids }, actor, async ({ tx, now, audit }) => {
      const t = await tx.apiTokens.findById(actor.tenantId, id);
      // Someone else's token is as unknown as a missing one to a caller who may not manage it.
      if (!t || (t.userId !== actor.userId && !this.seesAll(actor)))
        throw new DomainError('api_token.not_found', { id });
      if (t.revokedAt !== null) return t;
      await tx.apiTokens.revoke(actor.tenantId, id, now);
      const next = { ...t, revokedAt: now };
      await audit({
        action: 'api_token.revoke',
        targetType: 'api_token',
        targetId: id,
        before: view(t),
        after: view(next),
      });
      return next;
    });
  }

  private seesAll(actor: Principal): boolean {
    try {
      readAccess(this.store, actor).requireTenantWide('identity_management.manage');
      return true;
    } catch {
      return false;
    }
  }

  private checkExpiry(expiresAt: string | null): string | null {
    if (expiresAt === null) return null;
    const t = Date.parse(expiresAt);
    if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(expiresAt))
      throw new DomainError('input.invalid', { field: 'expiresAt', reason: 'must be an ISO-8601 date-time' });
    if (t <= this.clock.now().getTime())
      throw new DomainError('input.invalid', { field: 'expiresAt', reason: 'must be in the future' });
    return new Date(t).toISOString();
  }
}

/** A token as the audit log records it: never the hash. */
const view = (t: ApiToken) => ({ name: t.name, userId: t.userId, expiresAt: t.expiresAt, revokedAt: t.revokedAt });
