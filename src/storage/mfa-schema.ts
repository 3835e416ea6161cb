/** Migration 0013's tables (SPEC C6 MFA); part of schema.ts's Database. */

/** One TOTP factor per user; the secret is sealed (AES-256-GCM), never stored in clear. */
export interface MfaFactorsTable {
  tenant_id: string;
  user_id: string;
  secret_sealed: string;
  created_at: string;
  /** Null while the enrolment waits for its first code. */
  confirmed_at: string | null;
  /** The last accepted TOTP time step (PostgreSQL bigint arrives as a string). */
  last_step: number | string | null;
}

/** Single-use recovery codes, SHA-256 hashed. */
export interface MfaRecoveryCodesTable {
  tenant_id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** The sign-in step between password and session; only the token's SHA-256 is stored. */
export interface MfaChallengesTable {
  tenant_id: string;
  token_hash: string;
  user_id: string;
  client: string;
  purpose: string;
  failures: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MfaTables {
  mfa_factors: MfaFactorsTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
}
