import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { SessionClient } from './auth-ports.js';
import { hashSecret, newSecret } from './credentials.js';
import { afterFailure, isLocked } from './lockout.js';
import { mfaRequiredFor, type MfaEnrolment, type MfaFactors } from './mfa-factor.js';
import type { MfaChallenge, MfaChallengePurpose } from './mfa-ports.js';
import { principalForUser, type Principal } from './principal.js';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import type { SessionService } from './session-service.js';
import { openSignInSession, recordSignInEvent, type SignInComplete } from './sign-in-session.js';
import { maySignIn } from './sign-in-policy.js';

/** How long the MFA step may follow the password step, and how many wrong codes it takes (SPEC C6). */
export const MFA_CHALLENGE = Object.freeze({ lifetimeMs: 5 * 60_000, maxFailures: 5 });

/** The password step's answer when MFA follows: no session yet, only the mfaToken for the next step. */
export interface SignInMfaStep {
  next: 'mfa' | 'mfa_enrol';
  mfaToken: string;
  expiresAt: string;
}

/** What proves the second factor: an authenticator code or one recovery code. */
export type MfaProof = { code: string } | { recoveryCode: string };

type Signer = Principal & { userId: string };

/**
 * The MFA step of sign-in (SPEC C6): password → [mfa | mfa_enrol] → session. The mfaToken is
 * random, stored hashed, lives five minutes, serves one client kind and one sign-in; each wrong
 * code counts as a failed attempt toward the account lockout, and the fifth voids the token.
 */
export class MfaSignIn {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly sessions: SessionService,
    private readonly factors: MfaFactors,
  ) {}

  private get deps() {
    return { clock: this.clock, ids: this.ids, sessions: this.sessions };
  }

  /** After a correct password: the MFA step the user owes, or null when none (no factor, not required). */
  async challenge(who: Signer, orgId: string | null, client: SessionClient): Promise<SignInMfaStep | null> {
    const factor = await this.store.repos.mfa.findFactor(who.tenantId, who.userId);
    let purpose: MfaChallengePurpose;
    if (factor?.confirmedAt) purpose = 'verify';
    else if (orgId && (await mfaRequiredFor(this.store.repos, who.tenantId, orgId))) purpose = 'enrol';
    else return null;
    const now = this.clock.now();
    const token = newSecret('rst_mfa');
    const expiresAt = new Date(now.getTime() + MFA_CHALLENGE.lifetimeMs).toISOString();
    const c: MfaChallenge = {
      tenantId: who.tenantId,
      tokenHash: hashSecret(token),
      userId: who.userId,
      client,
      purpose,
      failures: 0,
      createdAt: now.toISOString(),
      expiresAt,
      usedAt: null,
    };
    await this.store.transaction((tx) => tx.mfa.insertChallenge(c));
    return { next: purpose === 'verify' ? 'mfa' : 'mfa_enrol', mfaToken: token, expiresAt };
  }

  /** POST /auth/mfa: an authenticator code or a recovery code opens the session. */
  async verify(
    tenantId: string,
    input: { mfaToken: string; client: SessionClient; ip: string | null; proof: MfaProof },
  ): Promise<SignInComplete> {
    const { challenge, who } = await this.live(tenantId, input.mfaToken, 'verify', input.client, input.ip);
    const factor = await this.store.repos.mfa.findFactor(tenantId, who.userId);
    if (!factor?.confirmedAt) throw new DomainError('auth.mfa_token_invalid', {});
    const now = this.clock.now();
    const step = 'code' in input.proof ? await this.factors.check(factor, input.proof.code, now) : null;
    const outcome = await this.store.transaction(async (tx) => {
      const at = now.toISOString();
      let ok: boolean;
      if ('code' in input.proof) ok = step !== null && (await tx.mfa.advanceStep(tenantId, who.userId, step));
      else ok = await tx.mfa.useRecoveryCode(tenantId, who.userId, recoveryCodeHash(input.proof.recoveryCode), at);
      if (!ok) return this.failure(tx, challenge, who, 'code' in input.proof ? 'wrong_code' : 'wrong_recovery_code');
      if (!(await tx.mfa.useChallenge(tenantId, challenge.tokenHash, at)))
        throw new DomainError('auth.mfa_token_invalid', {});
      if ('recoveryCode' in input.proof) {
        const left = await tx.mfa.countRecoveryCodesLeft(tenantId, who.userId);
        await recordSignInEvent(this.deps, tx, who, { action: 'auth.mfa_recovery_code_used', after: { left } });
      }
      const method = 'code' in input.proof ? 'password+totp' : 'password+recovery_code';
      return openSignInSession(this.deps, tx, who, input.client, method);
    });
    if (outcome === 'failed') throw new DomainError('auth.mfa_code_invalid', {});
    return outcome;
  }

  /** POST /auth/mfa/enrol: the organization requires MFA and the user has none yet: a new secret. */
  async enrol(tenantId: string, mfaToken: string, ip: string | null): Promise<MfaEnrolment> {
    const { who } = await this.live(tenantId, mfaToken, 'enrol', null, ip);
    const user = await this.store.repos.users.findById(tenantId, who.userId);
    if (!user) throw new DomainError('auth.mfa_token_invalid', {});
    return this.store.transaction(async (tx) => {
      const factor = await tx.mfa.findFactor(tenantId, who.userId);
      if (factor?.confirmedAt) throw new DomainError('mfa.already_enrolled', {});
      const now = this.clock.now().toISOString();
      return this.factors.begin(tx, { tenantId, id: user.id, userName: user.profile.userName }, now);
    });
  }

  /** POST /auth/mfa/enrol/confirm: the first code confirms the factor, gives recovery codes and opens the session. */
  async confirm(
    tenantId: string,
    input: { mfaToken: string; code: string; client: SessionClient; ip: string | null },
  ): Promise<SignInComplete & { recoveryCodes: string[] }> {
    const { challenge, who } = await this.live(tenantId, input.mfaToken, 'enrol', input.client, input.ip);
    const factor = await this.store.repos.mfa.findFactor(tenantId, who.userId);
    if (!factor || factor.confirmedAt) throw new DomainError('mfa.not_pending', {});
    const now = this.clock.now();
    const step = await this.factors.check(factor, input.code, now);
    const codes = newRecoveryCodes();
    const outcome = await this.store.transaction(async (tx) => {
      const at = now.toISOString();
      if (step === null) return this.failure(tx, challenge, who, 'wrong_code');
      if (!(await tx.mfa.confirmFactor(tenantId, who.userId, at, step))) throw new DomainError('mfa.not_pending', {});
      await tx.mfa.replaceRecoveryCodes(tenantId, who.userId, codes.map(recoveryCodeHash), at);
      if (!(await tx.mfa.useChallenge(tenantId, challenge.tokenHash, at)))
        throw new DomainError('auth.mfa_token_invalid', {});
      await recordSignInEvent(this.deps, tx, who, { action: 'auth.mfa_enrolled', after: { during: 'sign_in' } });
      return openSignInSession(this.deps, tx, who, input.client, 'password+totp');
    });
    if (outcome === 'failed') throw new DomainError('auth.mfa_code_invalid', {});
    return { ...outcome, recoveryCodes: codes };
  }

  /**
   * The challenge behind a token and its user as a principal, or auth.mfa_token_invalid: unknown,
   * used, expired, for another step or another client kind, or a user who may no longer sign in.
   */
  private async live(
    tenantId: string,
    token: string,
    purpose: MfaChallengePurpose,
    client: SessionClient | null,
    ip: string | null,
  ): Promise<{ challenge: MfaChallenge; who: Signer }> {
    const c = await this.store.repos.mfa.findChallenge(tenantId, hashSecret(token));
    const now = this.clock.now();
    if (!c || c.usedAt !== null || Date.parse(c.expiresAt) <= now.getTime() || c.purpose !== purpose)
      throw new DomainError('auth.mfa_token_invalid', {});
    if (client !== null && c.client !== client) throw new DomainError('auth.mfa_token_invalid', {});
    const who = await principalForUser(this.store.repos, tenantId, c.userId, { kind: 'session', id: null }, ip);
    if (!who || !maySignIn(c.client, who)) throw new DomainError('auth.mfa_token_invalid', {});
    const cred = await this.store.repos.credentials.find(tenantId, c.userId);
    if (cred && isLocked(cred, now)) throw new DomainError('auth.account_locked', { until: cred.lockedUntil });
    return { challenge: c, who: { ...who, userId: c.userId } };
  }

  // A wrong code: one more failed attempt toward the lockout, and the fifth on this token voids it.
  private async failure(tx: Repositories, c: MfaChallenge, who: Signer, reason: string): Promise<'failed'> {
    const at = this.clock.now();
    const failures = await tx.mfa.addChallengeFailure(c.tenantId, c.tokenHash);
    if (failures >= MFA_CHALLENGE.maxFailures) await tx.mfa.useChallenge(c.tenantId, c.tokenHash, at.toISOString());
    const cred = await tx.credentials.find(c.tenantId, c.userId);
    const next = cred ? afterFailure(cred, at) : undefined;
    if (next) await tx.credentials.save(next);
    await recordSignInEvent(this.deps, tx, who, {
      action: 'auth.mfa_failed',
      after: { reason, failures, voided: failures >= MFA_CHALLENGE.maxFailures, locked: next?.lockedUntil != null },
    });
    return 'failed';
  }
}
