import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { PasswordTokenPurpose } from './auth-ports.js';
import { runCommand } from './command.js';
import { auditEntry } from '../audit/audit-log.js';
import type { Principal } from './principal.js';
import { hashSecret, newSecret } from './credentials.js';
import { hashPassword } from './password-hash.js';
import { checkPassword } from './password-policy.js';

/** How long a link stays valid: a new user's first password, an administrator's reset (SPEC C6). */
export const PASSWORD_LINK_TTL_MS: Record<PasswordTokenPurpose, number> = {
  set: 7 * 24 * 60 * 60 * 1000,
  reset: 24 * 60 * 60 * 1000,
};

/** A link's token, shown once (only its hash is stored). */
export interface IssuedPasswordLink {
  token: string;
  purpose: PasswordTokenPurpose;
  expiresAt: string;
}

/** One-time, expiring set/reset-password links (SPEC C6 password reset). */
export class PasswordLinkService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Issues a link inside `tx`; older unused links of the user stop working. */
  async issueIn(
    tx: Repositories,
    tenantId: string,
    userId: string,
    purpose: PasswordTokenPurpose,
  ): Promise<IssuedPasswordLink> {
    const now = this.clock.now();
    const token = newSecret('rst_pwl');
    const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS[purpose]).toISOString();
    await tx.passwordTokens.retireAllOfUser(tenantId, userId, now.toISOString());
    await tx.passwordTokens.insert({
      tenantId,
      tokenHash: hashSecret(token),
      userId,
      purpose,
      createdAt: now.toISOString(),
      expiresAt,
      usedAt: null,
    });
    return { token, purpose, expiresAt };
  }

  /**
   * An administrator's reset: the old password stops working and every session ends at once
   * (the usual reason is a suspected compromise); the user chooses a new one through the link.
   */
  async issueReset(actor: Principal, userId: string): Promise<IssuedPasswordLink> {
    const tenantId = actor.tenantId;
    return runCommand({ store: this.store, clock: this.clock, ids: this.ids }, actor, async (c) => {
      const user = await c.tx.users.findById(tenantId, userId);
      if (!user) throw new DomainError('user.not_found', { id: userId });
      await c.access.overUser('users.update', user);
      const cred = await c.tx.credentials.find(tenantId, userId);
      if (cred) await c.tx.credentials.save({ ...cred, passwordHash: null, passwordSetAt: null, updatedAt: c.now });
      await c.tx.sessions.revokeAllOfUser(tenantId, userId, c.now);
      const link = await this.issueIn(c.tx, tenantId, userId, 'reset');
      await c.audit({
        action: 'user.password_reset',
        targetType: 'user',
        targetId: userId,
        after: { expiresAt: link.expiresAt },
      });
      return link;
    });
  }

  /**
   * Sets the password through a link: checks the policy first (the link survives a rejected
   * password), then uses the link, stores the hash, clears the lockout and ends every session.
   * Audited as the user themselves, from `ip` (SPEC C6 audit log).
   */
  async redeem(
    tenantId: string,
    token: string,
    password: string,
    ip: string | null = null,
  ): Promise<{ userId: string }> {
    const link = await this.store.repos.passwordTokens.find(tenantId, hashSecret(token));
    const now = this.clock.now();
    if (!link || link.usedAt !== null || Date.parse(link.expiresAt) <= now.getTime())
      throw new DomainError('auth.reset_token_invalid', {});
    const user = await this.store.repos.users.findById(tenantId, link.userId);
    if (!user) throw new DomainError('auth.reset_token_invalid', {});
    const check = checkPassword(password, user.profile.userName);
    if (!check.ok) throw new DomainError('password.policy', { reason: check.reason });
    const passwordHash = await hashPassword(password);
    const at = now.toISOString();
    await this.store.transaction(async (tx) => {
      if (!(await tx.passwordTokens.markUsed(tenantId, link.tokenHash, at)))
        throw new DomainError('auth.reset_token_invalid', {});
      await tx.credentials.save({
        tenantId,
        userId: user.id,
        passwordHash,
        passwordSetAt: at,
        failedAttempts: 0,
        lockouts: 0,
        lockedUntil: null,
        updatedAt: at,
      });
      const revoked = await tx.sessions.revokeAllOfUser(tenantId, user.id, at);
      const who: Principal = {
        tenantId,
        userId: user.id,
        userName: user.profile.userName,
        orgId: user.orgId,
        grants: [],
        credential: { kind: 'password_link', id: null },
        ip,
      };
      const action = { action: `user.password_${link.purpose}`, targetType: 'user', targetId: user.id };
      await tx.audit.append([
        auditEntry(this.ids.newId(), who, at, { ...action, after: { sessionsRevoked: revoked } }),
      ]);
    });
    return { userId: user.id };
  }
}
