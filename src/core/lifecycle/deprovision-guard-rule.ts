import { err, ok, type Result } from '../result.js';

/**
 * The mass-deprovision guard's rule: an IdP misconfiguration must not be able to
 * wipe a tenant. When a provider has already deactivated more than `percent` % of its users AND at
 * least `minUsers` users within `windowSeconds`, its further deactivations are held until an
 * administrator confirms or rejects them.
 */
export interface GuardThresholds {
  /** Share of the provider's users, 0–100. 100 never trips (nobody deactivates more than everyone). */
  percent: number;
  minUsers: number;
  windowSeconds: number;
}

/** More than 10 % and at least 50 users within one hour. */
export const DEFAULT_GUARD: Readonly<GuardThresholds> = Object.freeze({
  percent: 10,
  minUsers: 50,
  windowSeconds: 3600,
});

/**
 * True when the next deactivation must be held: `recent` deactivations of the provider already
 * happened within the window (not counting this one) and they reach both thresholds.
 */
export function guardTrips(recent: number, providerUsers: number, t: GuardThresholds): boolean {
  return recent >= t.minUsers && recent * 100 > t.percent * providerUsers;
}

/** Validates thresholds an administrator sets; names the offending field. */
export function checkGuardThresholds(t: GuardThresholds): Result<GuardThresholds, { field: string; reason: string }> {
  const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  if (!int(t.percent) || t.percent < 0 || t.percent > 100)
    return err({ field: 'percent', reason: 'must be an integer from 0 to 100' });
  if (!int(t.minUsers) || t.minUsers < 1) return err({ field: 'minUsers', reason: 'must be an integer of at least 1' });
  if (!int(t.windowSeconds) || t.windowSeconds < 60 || t.windowSeconds > 30 * 86400)
    return err({ field: 'windowSeconds', reason: 'must be an integer from 60 to 2592000 (30 days)' });
  return ok({ percent: t.percent, minUsers: t.minUsers, windowSeconds: t.windowSeconds });
}
