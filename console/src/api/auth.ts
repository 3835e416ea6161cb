import { apiJson } from './http';

/** How a username signs in (SPEC C6 sign-in, step 1). */
export type SignInMethod = { type: 'password' } | { type: 'saml'; providerId: string; displayName: string };

/** A console session opened: the cookies are set; the CSRF token is echoed on state-changing calls. */
export interface SessionAnswer {
  next: 'session';
  userId: string;
  expiresAt: string;
  csrfToken?: string;
}

/** After the password: a session, or the second factor (an enrolled user), or enrolment (MFA required). */
export type PasswordAnswer = SessionAnswer | { next: 'mfa' | 'mfa_enrol'; mfaToken: string; expiresAt: string };

/** A TOTP secret being enrolled: the otpauth URI for the QR code and the secret for typing in. */
export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

const post = <T>(step: string, json: unknown) => apiJson<T>(`/auth/${step}`, { method: 'POST', json });

export const startSignIn = (username: string) =>
  post<{ method: SignInMethod; next: 'password' }>('start', { username });

export const signInWithPassword = (username: string, password: string) =>
  post<PasswordAnswer>('password', { username, password, client: 'console' });

/** The second factor: a TOTP code or a recovery code. */
export const signInWithMfa = (mfaToken: string, factor: { code: string } | { recoveryCode: string }) =>
  post<SessionAnswer>('mfa', { mfaToken, ...factor, client: 'console' });

export const startSignInEnrolment = (mfaToken: string) => post<TotpEnrolment>('mfa/enrol', { mfaToken });

/** Confirms the first code of a new authenticator: opens the session and answers the recovery codes, once. */
export const confirmSignInEnrolment = (mfaToken: string, code: string) =>
  post<SessionAnswer & { recoveryCodes: string[] }>('mfa/enrol/confirm', { mfaToken, code, client: 'console' });

/** Sets a password with a one-time set-password or reset link's token. */
export const redeemPasswordLink = (token: string, password: string) =>
  post<{ userId: string }>('password-link', { token, password });

/** Ends the session; the server clears both console cookies. */
export const signOut = () => apiJson<void>('/auth/sign-out', { method: 'POST' });
