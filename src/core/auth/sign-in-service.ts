import { findRoleById, type Permission } from '../directory/roles-catalogue.js';
import { DomainError } from '../errors.js';
import type { Clock, Store } from '../ports.js';
import type { LocalCredential, SessionClient } from './auth-ports.js';
import { afterFailure, afterSuccess, isLocked } from './lockout.js';
import { verifyPassword } from './password-hash.js';
import type { OpenedSession, SessionService } from './session-service.js';
import { maySignIn, SIGN_IN_PERMISSION, type SignInMethod } from './sign-in-policy.js';

/** What `start` answers: the same shape whether or not the username exists (SPEC C6: no enumeration). */
export interface SignInStart {
  method: SignInMethod;
  /** The step to call next. */
  next: 'password';
}

/** A completed sign-in. With MFA, a password step may instead answer `{ next: 'mfa', … }` (SPEC C6). */
export interface SignInComplete {
  next: 'session';
  userId: string;
  opened: OpenedSession;
}

/** Sign-in for the console and the client app (SPEC C6): start → password → [mfa] → session. */
export class SignInService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
  ) {}

  /** Which method applies to `userName` in the tenant. */
  async start(tenantId: string, userName: string): Promise<SignInStart> {
    // Looked up even though every user signs in with a password today, so that an unknown user
    // costs the same work once organizations carry a SAML method (SPEC C7).
    await this.store.repos.users.findByUserName(tenantId, userName.trim());
    return { method: { type: 'password' }, next: 'password' };
  }

  /**
   * The password step. Wrong password, unknown, blocked or deactivated user: the same
   * auth.invalid_credentials, after the same argon2 work. A locked account is reported only
   * to someone who gave its correct password.
   */
  async password(
    tenantId: string,
    input: { userName: string; password: string; client: SessionClient },
  ): Promise<SignInComplete> {
    const user = await this.store.repos.users.findByUserName(tenantId, input.userName.trim());
    const cred = user ? await this.store.repos.credentials.find(tenantId, user.id) : undefined;
    const ok = await verifyPassword(cred?.passwordHash ?? null, input.password);
    if (!user || !cred || user.status !== 'active') throw new DomainError('auth.invalid_credentials', {});
    const now = this.clock.now();
    if (isLocked(cred, now)) {
      if (ok) throw new DomainError('auth.account_locked', { until: cred.lockedUntil });
      throw new DomainError('auth.invalid_credentials', {});
    }
    if (!ok) {
      await this.recordFailure(cred);
      throw new DomainError('auth.invalid_credentials', {});
    }
    const permissions = await this.permissionsOf(tenantId, user.id);
    if (!maySignIn(input.client, permissions)) {
      await this.store.transaction((tx) => tx.credentials.save(afterSuccess(cred, now)));
      throw new DomainError('auth.sign_in_not_permitted', {
        client: input.client === 'console' ? 'administration console' : 'client app',
        permission: SIGN_IN_PERMISSION[input.client],
      });
    }
    const opened = await this.store.transaction(async (tx) => {
      const fresh = (await tx.credentials.find(tenantId, user.id)) ?? cred;
      await tx.credentials.save(afterSuccess(fresh, now));
      return this.sessions.open(tx, tenantId, user.id, input.client, 'password');
    });
    return { next: 'session', userId: user.id, opened };
  }

  // Re-read inside the transaction so that concurrent failures all count.
  private async recordFailure(cred: LocalCredential): Promise<void> {
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const fresh = (await tx.credentials.find(cred.tenantId, cred.userId)) ?? cred;
      await tx.credentials.save(afterFailure(fresh, now));
    });
  }

  private async permissionsOf(tenantId: string, userId: string): Promise<Set<Permission>> {
    const out = new Set<Permission>();
    for (const r of await this.store.repos.roles.rolesOf(tenantId, userId))
      for (const p of findRoleById(r.roleId)?.permissions ?? []) out.add(p);
    return out;
  }
}
