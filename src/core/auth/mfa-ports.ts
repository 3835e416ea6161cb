import type { SessionClient } from './auth-ports.js';

/** What MFA (SPEC C6) needs from storage: the TOTP factor, recovery codes and sign-in challenges. */

/** A user's TOTP factor; `confirmedAt` null means an enrolment waiting for its first code. */
export interface MfaFactor {
  tenantId: string;
  userId: string;
  /** The base32 secret sealed by SecretBox (never stored in clear). */
  secretSealed: string;
  createdAt: string;
  confirmedAt: string | null;
  /** The last accepted TOTP time step: a code of this step or an earlier one is refused (RFC 6238 §5.2). */
  lastStep: number | null;
}

/** Why a challenge was issued: verify an enrolled factor, or enrol one the organization requires. */
export type MfaChallengePurpose = 'verify' | 'enrol';

/** The step between password and session; only the SHA-256 of its token is stored. */
export interface MfaChallenge {
  tenantId: string;
  tokenHash: string;
  userId: string;
  client: SessionClient;
  purpose: MfaChallengePurpose;
  /** Wrong codes given with this challenge; at the limit it is void. */
  failures: number;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface MfaRepository {
  findFactor(tenantId: string, userId: string): Promise<MfaFactor | undefined>;
  /** Inserts or replaces the user's factor (a new enrolment replaces a pending one). */
  saveFactor(f: MfaFactor): Promise<void>;
  /** Confirms a pending factor at `step`; false when it is no longer pending (another request won). */
  confirmFactor(tenantId: string, userId: string, at: string, step: number): Promise<boolean>;
  /**
   * Records `step` as the last accepted one if it is later than the stored one; false when another
   * request accepted this step (or a later one) first, so a code is never accepted twice.
   */
  advanceStep(tenantId: string, userId: string, step: number): Promise<boolean>;
  /** Removes the factor and the recovery codes; true when there was a factor. */
  deleteFactor(tenantId: string, userId: string): Promise<boolean>;
  /** Replaces the user's recovery codes with these hashes. */
  replaceRecoveryCodes(tenantId: string, userId: string, hashes: readonly string[], at: string): Promise<void>;
  /** Marks an unused recovery code used; false when it is unknown or already used. */
  useRecoveryCode(tenantId: string, userId: string, hash: string, at: string): Promise<boolean>;
  countRecoveryCodesLeft(tenantId: string, userId: string): Promise<number>;
  insertChallenge(c: MfaChallenge): Promise<void>;
  findChallenge(tenantId: string, tokenHash: string): Promise<MfaChallenge | undefined>;
  /** Counts one wrong code; the count after it (the caller voids the challenge at the limit). */
  addChallengeFailure(tenantId: string, tokenHash: string): Promise<number>;
  /** Marks it used if it still is unused; false when another request used it first. */
  useChallenge(tenantId: string, tokenHash: string, at: string): Promise<boolean>;
  /** Voids every open challenge of the user (an MFA reset). */
  voidChallengesOfUser(tenantId: string, userId: string, at: string): Promise<void>;
}
