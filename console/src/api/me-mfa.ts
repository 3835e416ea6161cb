import type { TotpEnrolment } from './auth';
import { apiJson } from './http';

/** The signed-in user's own second factor (SPEC C6 MFA, self-service). */
export interface MyMfa {
  enrolled: boolean;
  /** Their organization requires MFA (inherited setting): it cannot be turned off. */
  required: boolean;
  recoveryCodesLeft: number;
}

export const getMyMfa = () => apiJson<MyMfa>('/me/mfa');

export const startMyEnrolment = () => apiJson<TotpEnrolment>('/me/mfa/enrol', { method: 'POST' });

export const confirmMyEnrolment = (code: string) =>
  apiJson<{ recoveryCodes: string[] }>('/me/mfa/enrol/confirm', { method: 'POST', json: { code } });

/** A new set of recovery codes (the old ones stop working); needs a current code. */
export const regenerateRecoveryCodes = (code: string) =>
  apiJson<{ recoveryCodes: string[] }>('/me/mfa/recovery-codes', { method: 'POST', json: { code } });

export const turnOffMyMfa = (code: string) => apiJson<void>('/me/mfa', { method: 'DELETE', json: { code } });
