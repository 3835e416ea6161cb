import type { AuditService } from '../audit/audit-service.js';
import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { LocalCredential, SessionClient } from './auth-ports.js';
import { afterFailure, afterSuccess, isLocked } from './lockout.js';
import { verifyPassword } from './password-hash.js';
import { principalForUser, type Principal } from './principal.js';
import type { MfaSignIn, SignInMfaStep } from './mfa-sign-in.js';
import type { SessionService } from './session-service.js';
import { openSignInSession, type SignInComplete } from './sign-in-session.js';
import { maySignIn, SIGN_IN_PERMISSION, type SignInMethod } from './sign-in-policy.js';

/** What `start` answers: the same shape whether or not the username exists (SPEC C6: no enumeration). */
export interface SignInStart {
  method: SignInMethod;
  /** The step to call next. */
  next: 'password';
}

export type { SignInComplete } from './sign-in-session.js';

/** Sign-in for the console and the client app (SPEC C6): start → password → [mfa] → session. */
export class SignInService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly ids: Ids,
    private readonly mfa: MfaSignIn,
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
   * to someone who gave its correct password. With an enrolled authenticator, or an organization
   * that requires one, no session opens yet: the answer names the MFA step (mfa-sign-in.ts).
   */
  async password(
    tenantId: string,
    input: { userName: string; password: string; client: SessionClient; ip: string | null },
  ): Promise<SignInComplete | SignInMfaStep> {
    const user = await this.store.repos.users.findByUserName(tenantId, input.userName.trim());
    const cred = user ? await this.store.repos.credentials.find(tenantId, user.id) : undefined;
    const ok = await verifyPassword(cred?.passwordHash ?? null, input.password);
    if (!user) await this.recordUnknown(tenantId, input.userName, input.ip);
    if (!user || !cred || user.status !== 'active') throw new DomainError('auth.invalid_credentials', {});
    const now = this.clock.now();
    if (isLocked(cred, now)) {
      if (ok) throw new DomainError('auth.account_locked', { until: cred.lockedUntil });
      throw new DomainError('auth.invalid_credentials', {});
    }
    // The user as a principal, with the roles they hold now (the one user → Principal function).
    const who = await principalForUser(this.store.repos, tenantId, user.id, { kind: 'session', id: null }, input.ip);
    if (!who) throw new DomainError('auth.invalid_credentials', {});
    if (!ok) {
      await this.recordFailure(cred, who, 'bad_password');
      throw new DomainError('auth.invalid_credentials', {});
    }
    if (!maySignIn(input.client, who)) {
      await this.store.transaction(async (tx) => {
        await tx.credentials.save(afterSuccess(cred, now));
        await this.record(tx, who, 'auth.sign_in_refused', { client: input.client, reason: 'not_permitted' });
      });
      throw new DomainError('auth.sign_in_not_permitted', {
        client: input.client === 'console' ? 'administration console' : 'client app',
        permission: SIGN_IN_PERMISSION[input.client],
      });
    }
    // The failure counters stay until the second factor is proved: wrong codes count toward the lockout.
    const signer = { ...who, userId: user.id };
    const step = await this.mfa.challenge(signer, user.orgId, input.client);
    if (step) return step;
    const deps = { clock: this.clock, ids: this.ids, sessions: this.sessions };
    return this.store.transaction((tx) => openSignInSession(deps, tx, signer, input.client, 'password'));
  }

  /** Sign-out, recorded in the audit log when a session ended (SPEC C6). */
  async signOut(actor: Principal, token: string): Promise<void> {
    const ended = await this.sessions.signOut(token);
    if (ended) await this.audit.record(this.event(actor, 'auth.sign_out', { client: ended.client }));
  }

  // Re-read inside the transaction so that concurrent failures all count.
  private async recordFailure(cred: LocalCredential, who: Principal, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      const fresh = (await tx.credentials.find(cred.tenantId, cred.userId)) ?? cred;
      const next = afterFailure(fresh, now);
      await tx.credentials.save(next);
      await this.record(tx, who, 'auth.sign_in_failed', { reason, locked: next.lockedUntil !== null });
    });
  }

  // No user id to name: the username exactly as given and the address it came from (SPEC C6 audit log).
  private recordUnknown(tenantId: string, userName: string, ip: string | null): Promise<void> {
    const who: Principal = {
      tenantId,
      userId: null,
      userName,
      orgId: null,
      grants: [],
      credential: { kind: 'session', id: null },
      ip,
    };
    return this.audit.record(this.event(who, 'auth.sign_in_failed', { reason: 'unknown_user' }));
  }

  private record(tx: Repositories, who: Principal, action: string, after: unknown): Promise<void> {
    return this.audit.record(this.event(who, action, after), tx);
  }

  // Sign-in events are not administrative commands: the audit service's `record` port (SPEC C6 audit log).
  private event(who: Principal, action: string, after: unknown) {
    return {
      tenantId: who.tenantId,
      at: this.clock.now().toISOString(),
      actorUserId: who.userId,
      actorUsername: who.userName,
      credentialKind: who.credential.kind,
      credentialId: who.credential.id,
      ip: who.ip,
      action,
      targetType: 'user',
      targetId: who.userId,
      before: null,
      after,
    };
  }
}
