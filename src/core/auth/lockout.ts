import type { LocalCredential } from './auth-ports.js';

/**
 * Account lockout (SPEC C6): five failed password attempts lock the account for 15 minutes; each
 * further lockout before a successful sign-in doubles the lock (15, 30, 60 … minutes, capped at a day).
 */
export const LOCKOUT = Object.freeze({ maxFailures: 5, baseMs: 15 * 60 * 1000, maxMs: 24 * 60 * 60 * 1000 });

/** Whether the account is locked at `now`. */
export function isLocked(c: LocalCredential, now: Date): boolean {
  return c.lockedUntil !== null && Date.parse(c.lockedUntil) > now.getTime();
}

/** The credential after one more failed attempt (locking it at the fifth). Attempts while locked do not count. */
export function afterFailure(c: LocalCredential, now: Date): LocalCredential {
  if (isLocked(c, now)) return c;
  const at = now.toISOString();
  const failedAttempts = c.failedAttempts + 1;
  if (failedAttempts < LOCKOUT.maxFailures) return { ...c, failedAttempts, updatedAt: at };
  const ms = Math.min(LOCKOUT.baseMs * 2 ** c.lockouts, LOCKOUT.maxMs);
  return {
    ...c,
    failedAttempts: 0,
    lockouts: c.lockouts + 1,
    lockedUntil: new Date(now.getTime() + ms).toISOString(),
    updatedAt: at,
  };
}

/** The credential after a successful sign-in: counters cleared. */
export function afterSuccess(c: LocalCredential, now: Date): LocalCredential {
  return { ...c, failedAttempts: 0, lockouts: 0, lockedUntil: null, updatedAt: now.toISOString() };
}
