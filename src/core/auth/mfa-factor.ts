import { effectiveMfaRequired } from '../directory/organization.js';
import { DomainError } from '../errors.js';
import type { Repositories } from '../ports.js';
import type { MfaFactor } from './mfa-ports.js';
import type { SecretBox } from './secret-box.js';
import { acceptedStep, newTotpSecret, otpauthUri } from './totp.js';

/** A new enrolment's secret, shown once (the user's authenticator app keeps it). */
export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
}

/** Whether the user's organization requires MFA, directly or inherited (SPEC C6). */
export async function mfaRequiredFor(repos: Repositories, tenantId: string, orgId: string): Promise<boolean> {
  const orgs = await repos.organizations.list(tenantId);
  return effectiveMfaRequired(new Map(orgs.map((o) => [o.id, o])), orgId);
}

/**
 * The TOTP factor's secrets (SPEC C6): sealed with the installation's MFA key before they are
 * stored, opened to check a code. Without a key (PostgreSQL without ROSTER_MFA_KEY) every MFA
 * operation answers `mfa.unavailable` rather than store a secret in clear.
 */
export class MfaFactors {
  constructor(private readonly box: SecretBox | null) {}

  private sealer(): SecretBox {
    if (!this.box) throw new DomainError('mfa.unavailable', {});
    return this.box;
  }

  /** Starts (or restarts) an enrolment: a pending factor with a new sealed secret. */
  async begin(tx: Repositories, user: { tenantId: string; id: string; userName: string }, now: string) {
    const secret = newTotpSecret();
    const factor: MfaFactor = {
      tenantId: user.tenantId,
      userId: user.id,
      secretSealed: this.sealer().seal(secret, context(user.tenantId, user.id)),
      createdAt: now,
      confirmedAt: null,
      lastStep: null,
    };
    await tx.mfa.saveFactor(factor);
    return { secret, otpauthUri: otpauthUri(user.userName, secret) } satisfies MfaEnrolment;
  }

  /** The time step `code` was accepted at (±1 step, later than the last accepted one), or null. */
  async check(factor: MfaFactor, code: string, now: Date): Promise<number | null> {
    let secret: string;
    try {
      secret = this.sealer().open(factor.secretSealed, context(factor.tenantId, factor.userId));
    } catch (e) {
      // Sealed under another key (the key changed or was lost): an operator's matter, not a wrong code.
      if (e instanceof DomainError) throw e;
      throw new DomainError('mfa.unavailable', {});
    }
    return acceptedStep(secret, code, now, factor.lastStep);
  }
}

// Binds a sealed secret to its row: copied onto another user, it no longer opens.
const context = (tenantId: string, userId: string): string => `mfa:${tenantId}:${userId}`;
