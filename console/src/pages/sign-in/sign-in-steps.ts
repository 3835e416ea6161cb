/** Where a sign-in stands (SPEC C6): username → password → [second factor | enrolment] → session. */
export type SignInStep =
  | { kind: 'username'; username: string }
  | { kind: 'password'; username: string }
  | { kind: 'mfa'; username: string; mfaToken: string }
  | { kind: 'enrol'; username: string; mfaToken: string }
  | { kind: 'recovery-codes'; codes: string[] };
