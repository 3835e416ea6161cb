import type { Provider } from '../provisioning/provider.js';
import type { Repositories } from '../ports.js';
import { saveUser } from './deactivation.js';
import { guardTrips } from './deprovision-guard-rule.js';
import { recordTransition, type ChangeSink } from './lifecycle-log.js';
import { withLifecycle } from './user-state.js';

// The share is of the provider's whole directory, which a burst of deactivations barely changes:
// counting 100,000 users for every deactivation of a burst made each one cost O(directory)
// (bench/lifecycle). A count at most a minute old is exact enough for a 10 % threshold. Per
// process; keyed by tenant and provider; the clock is the caller's (tests move it).
const USER_COUNT_TTL_MS = 60_000;
const userCounts = new Map<string, { at: number; count: number }>();

async function providerUserCount(tx: Repositories, tenantId: string, providerId: string, now: string): Promise<number> {
  const key = `${tenantId}/${providerId}`;
  const t = Date.parse(now);
  const hit = userCounts.get(key);
  if (hit && t >= hit.at && t - hit.at < USER_COUNT_TTL_MS) return hit.count;
  const count = await tx.users.countByProvider(tenantId, providerId);
  userCounts.set(key, { at: t, count });
  return count;
}

/**
 * The mass-deprovision guard inside a provider's deactivation. While the provider
 * is flagged every further deactivation is held. Otherwise, when its deactivations within the
 * window reach the thresholds, the provider is flagged and this deactivation is held — and so are
 * its deactivations still waiting for their delay: they are part of the same burst, and holding them
 * is what keeps an IdP misconfiguration from wiping the tenant once the delay elapses.
 *
 * The provider row is locked (PostgreSQL), so that a provider's concurrent deactivations are
 * counted one after another and a burst cannot slip past the threshold. Deactivations of a provider
 * wait for each other on that lock, so it is held as few round trips as can be: the lock goes out
 * with the count behind it (ProviderRepository.lockForGuard), over the window the caller expects
 * (`windowSeconds`, from the provider it authenticated); the count runs after the lock is granted,
 * so it sees every deactivation committed before. Counted again if the locked row's window differs.
 */
export async function guardHolds(
  tx: Repositories,
  tenantId: string,
  providerId: string,
  log: ChangeSink,
  now: string,
  windowSeconds: number,
): Promise<{ hold: boolean; provider: Provider | undefined }> {
  const sinceOf = (seconds: number) => new Date(Date.parse(now) - seconds * 1000).toISOString();
  const locked = await tx.providers.lockForGuard(tenantId, providerId);
  const counted = await tx.timers.countProviderDeactivations(tenantId, providerId, sinceOf(windowSeconds));
  const provider = locked();
  if (!provider) return { hold: false, provider };
  if (provider.flaggedAt !== null) return { hold: true, provider };
  const window = provider.guard.windowSeconds;
  const recent =
    window === windowSeconds
      ? counted
      : await tx.timers.countProviderDeactivations(tenantId, providerId, sinceOf(window));
  // Counting the provider's users is only worth it once the minimum is reached.
  if (recent < provider.guard.minUsers) return { hold: false, provider };
  if (!guardTrips(recent, await providerUserCount(tx, tenantId, providerId, now), provider.guard))
    return { hold: false, provider };
  await tx.providers.setFlaggedAt(tenantId, providerId, now);
  await holdPending(tx, tenantId, providerId, log, now);
  return { hold: true, provider: { ...provider, flaggedAt: now } };
}

async function holdPending(
  tx: Repositories,
  tenantId: string,
  providerId: string,
  log: ChangeSink,
  now: string,
): Promise<void> {
  for (const timer of await tx.timers.ofProvider(tenantId, providerId, 'user.deactivate', 'pending')) {
    const user = await tx.users.findById(tenantId, timer.userId, { forUpdate: true });
    if (!(await tx.timers.transition(tenantId, timer.id, 'pending', 'held', now))) continue;
    if (!user || user.deactivatedAt !== null || user.deactivationState !== 'pending') continue;
    const next = await saveUser(tx, withLifecycle(user, { deactivationState: 'held_guard' }), user, now);
    recordTransition(log, user, next, HELD_DETAIL);
  }
}

export const HELD_DETAIL =
  'Deactivation held by the mass-deprovision guard: the provider deactivated an unusual share of its users; an administrator must confirm or reject it';

/** Clears the provider's flag once none of its deactivations is held any more. */
export async function clearFlagIfNoneHeld(tx: Repositories, tenantId: string, providerId: string): Promise<boolean> {
  if ((await tx.timers.ofProvider(tenantId, providerId, 'user.deactivate', 'held')).length > 0) return false;
  await tx.providers.setFlaggedAt(tenantId, providerId, null);
  return true;
}
