import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import { runCommand, type CommandContext, type CommandDeps } from './command.js';
import { mfaRequiredFor, type MfaEnrolment, type MfaFactors } from './mfa-factor.js';
import type { MfaFactor } from './mfa-ports.js';
import type { Principal } from './principal.js';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';

/** A user's MFA state as the console shows it (SPEC C6). */
export interface MfaStatus {
  enrolled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

type Me = Principal & { userId: string };

/**
 * MFA outside sign-in (SPEC C6): users manage their own authenticator (enrol, new recovery codes,
 * remove unless their organization requires it), and a Multi-Factor Auth Admin resets another
 * user's within the role's scope. Changes that need a code check it before the command's
 * transaction and accept its time step inside it, so a code still serves once.
 */
export class MfaService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly factors: MfaFactors,
  ) {}

  private get deps(): CommandDeps {
    return { store: this.store, clock: this.clock, ids: this.ids };
  }

  /** Enrolled, required (own or inherited organization setting) and recovery codes left, for one user. */
  private async statusOf(
    repos: Repositories,
    tenantId: string,
    user: { id: string; orgId: string },
  ): Promise<MfaStatus> {
    const factor = await repos.mfa.findFactor(tenantId, user.id);
    const enrolled = factor?.confirmedAt != null;
    return {
      enrolled,
      required: await mfaRequiredFor(repos, tenantId, user.orgId),
      recoveryCodesLeft: enrolled ? await repos.mfa.countRecoveryCodesLeft(tenantId, user.id) : 0,
    };
  }

  /** A user's MFA state for the user detail (the caller's read access was checked by the query that found it). */
  async userStatus(tenantId: string, user: { id: string; orgId: string }): Promise<MfaStatus> {
    return this.statusOf(this.store.repos, tenantId, user);
  }

  /** GET /me/mfa. */
  async myStatus(actor: Principal): Promise<MfaStatus> {
    const me = self(actor);
    const user = await this.store.repos.users.findById(me.tenantId, me.userId);
    if (!user) throw new DomainError('auth.unauthenticated', {});
    return this.statusOf(this.store.repos, me.tenantId, user);
  }

  /** POST /me/mfa/enrol: a new secret, pending until its first code; 409 when already enrolled. */
  async beginEnrol(actor: Principal): Promise<MfaEnrolment> {
    const me = self(actor);
    return runCommand(this.deps, me, async ({ tx, now }) => {
      const user = await tx.users.findById(me.tenantId, me.userId);
      if (!user) throw new DomainError('auth.unauthenticated', {});
      if ((await tx.mfa.findFactor(me.tenantId, me.userId))?.confirmedAt)
        throw new DomainError('mfa.already_enrolled', {});
      return this.factors.begin(tx, { tenantId: me.tenantId, id: user.id, userName: user.profile.userName }, now);
    });
  }

  /** POST /me/mfa/enrol/confirm: the first code confirms the pending factor; the recovery codes, shown once. */
  async confirmEnrol(actor: Principal, code: string): Promise<string[]> {
    const me = self(actor);
    const factor = await this.store.repos.mfa.findFactor(me.tenantId, me.userId);
    if (!factor || factor.confirmedAt) throw new DomainError('mfa.not_pending', {});
    const step = await this.factors.check(factor, code, this.clock.now());
    if (step === null) throw new DomainError('mfa.code_invalid', { field: 'code' });
    const codes = newRecoveryCodes();
    await runCommand(this.deps, me, async ({ tx, now, audit }) => {
      if (!(await tx.mfa.confirmFactor(me.tenantId, me.userId, now, step)))
        throw new DomainError('mfa.not_pending', {});
      await tx.mfa.replaceRecoveryCodes(me.tenantId, me.userId, codes.map(recoveryCodeHash), now);
      await audit({ action: 'auth.mfa_enrolled', targetType: 'user', targetId: me.userId, after: { during: 'self' } });
    });
    return codes;
  }

  /** POST /me/mfa/recovery-codes: a new set (the old ones are void), proved by a current code. */
  async newRecoveryCodes(actor: Principal, code: string): Promise<string[]> {
    const me = self(actor);
    const codes = newRecoveryCodes();
    await this.withCode(me, code, async ({ tx, now, audit }) => {
      await tx.mfa.replaceRecoveryCodes(me.tenantId, me.userId, codes.map(recoveryCodeHash), now);
      await audit({ action: 'auth.mfa_recovery_codes_renewed', targetType: 'user', targetId: me.userId });
    });
    return codes;
  }

  /** DELETE /me/mfa: removes the user's authenticator, unless their organization requires MFA. */
  async remove(actor: Principal, code: string): Promise<void> {
    const me = self(actor);
    const user = await this.store.repos.users.findById(me.tenantId, me.userId);
    if (!user) throw new DomainError('auth.unauthenticated', {});
    if (await mfaRequiredFor(this.store.repos, me.tenantId, user.orgId)) throw new DomainError('mfa.required', {});
    await this.withCode(me, code, async ({ tx, audit }) => {
      await tx.mfa.deleteFactor(me.tenantId, me.userId);
      await audit({ action: 'auth.mfa_removed', targetType: 'user', targetId: me.userId });
    });
  }

  /**
   * DELETE /users/{id}/mfa: mfa.manage over the user (SPEC C6: Multi-Factor Auth Admin within its
   * scope). Removes the factor and recovery codes, voids open MFA steps and revokes the user's
   * sessions, so their next sign-in starts again (and asks to enrol where MFA is required).
   */
  async reset(actor: Principal, userId: string): Promise<void> {
    await runCommand(this.deps, actor, async ({ tx, access, now, audit }) => {
      const user = await tx.users.findById(actor.tenantId, userId);
      if (!user) throw new DomainError('user.not_found', { id: userId });
      await access.overUser('mfa.manage', user);
      const factor = await tx.mfa.findFactor(actor.tenantId, userId);
      if (!factor) throw new DomainError('mfa.not_enrolled', { id: userId });
      await tx.mfa.deleteFactor(actor.tenantId, userId);
      await tx.mfa.voidChallengesOfUser(actor.tenantId, userId, now);
      const revoked = await tx.sessions.revokeAllOfUser(actor.tenantId, userId, now);
      await audit({
        action: 'user.mfa_reset',
        targetType: 'user',
        targetId: userId,
        before: { enrolled: factor.confirmedAt !== null },
        after: { enrolled: false, sessionsRevoked: revoked },
      });
    });
  }

  // Runs `fn` once `code` is proved against the enrolled factor; the code's step is used up with it.
  private async withCode(me: Me, code: string, fn: (ctx: CommandContext) => Promise<void>): Promise<void> {
    const factor: MfaFactor | undefined = await this.store.repos.mfa.findFactor(me.tenantId, me.userId);
    if (!factor?.confirmedAt) throw new DomainError('mfa.not_enrolled', { id: me.userId });
    const step = await this.factors.check(factor, code, this.clock.now());
    if (step === null) throw new DomainError('mfa.code_invalid', { field: 'code' });
    await runCommand(this.deps, me, async (ctx) => {
      if (!(await ctx.tx.mfa.advanceStep(me.tenantId, me.userId, step)))
        throw new DomainError('mfa.code_invalid', { field: 'code' });
      await fn(ctx);
    });
  }
}

// Self-service needs a user: an API token or a session (the operator CLI has none).
function self(actor: Principal): Me {
  if (actor.userId === null) throw new DomainError('auth.unauthenticated', {});
  return { ...actor, userId: actor.userId };
}
