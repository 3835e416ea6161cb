import type { Provider } from '../provisioning/provider.js';
import type { Repositories } from '../ports.js';
import { saveUser } from './deactivation.js';
import { guardTrips } from './deprovision-guard-rule.js';
import { recordTransition, type ChangeSink } from './lifecycle-log.js';
import { withLifecycle } from './user-state.js';

/**
 * The mass-deprovision guard inside a provider's deactivation (issue 3 item 2). While the provider
 * is flagged every further deactivation is held. Otherwise, when its deactivations within the
 * window reach the thresholds, the provider is flagged and this deactivation is held — and so are
 * its deactivations still waiting for their delay: they are part of the same burst, and holding them
 * is what keeps an IdP misconfiguration from wiping the tenant once the delay elapses.
 *
 * The provider row is read FOR UPDATE (PostgreSQL), so that a provider's concurrent deactivations
 * are counted one after another and a burst cannot slip past the threshold.
 */
export async function guardHolds(tx: Repositories, tenantId: string, providerId: string, log: ChangeSink, now: string): Promise<{ hold: boolean; provider: Provider | undefined }> {
  const provider = await tx.providers.findById(tenantId, providerId, { forUpdate: true });
  if (!provider) return { hold: false, provider };
  if (provider.flaggedAt !== null) return { hold: true, provider };
  const since = new Date(Date.parse(now) - provider.guard.windowSeconds * 1000).toISOString();
  const recent = await tx.timers.countProviderDeactivations(tenantId, providerId, since);
  // Counting the provider's users is only worth it once the minimum is reached.
  if (recent < provider.guard.minUsers) return { hold: false, provider };
  // The guard trips only while the provider has fewer than recent × 100 / percent users, so the
  // count stops there: a deactivation never costs a count of a 100,000-user directory (bench).
  const cap = provider.guard.percent === 0 ? 1 : Math.floor((recent * 100) / provider.guard.percent) + 1;
  if (!guardTrips(recent, await tx.users.countByProvider(tenantId, providerId, cap), provider.guard)) return { hold: false, provider };
  await tx.providers.setFlaggedAt(tenantId, providerId, now);
  await holdPending(tx, tenantId, providerId, log, now);
  return { hold: true, provider: { ...provider, flaggedAt: now } };
}

async function holdPending(tx: Repositories, tenantId: string, providerId: string, log: ChangeSink, now: string): Promise<void> {
  for (const timer of await tx.timers.ofProvider(tenantId, providerId, 'user.deactivate', 'pending')) {
    const user = await tx.users.findById(tenantId, timer.userId, { forUpdate: true });
    if (!(await tx.timers.transition(tenantId, timer.id, 'pending', 'held', now))) continue;
    if (!user || user.deactivatedAt !== null || user.deactivationState !== 'pending') continue;
    const next = await saveUser(tx, withLifecycle(user, { deactivationState: 'held_guard' }), user, now);
    recordTransition(log, user, next, HELD_DETAIL);
  }
}

export const HELD_DETAIL = 'Deactivation held by the mass-deprovision guard: the provider deactivated an unusual share of its users; an administrator must confirm or reject it';

/** Clears the provider's flag once none of its deactivations is held any more. */
export async function clearFlagIfNoneHeld(tx: Repositories, tenantId: string, providerId: string): Promise<boolean> {
  if ((await tx.timers.ofProvider(tenantId, providerId, 'user.deactivate', 'held')).length > 0) return false;
  await tx.providers.setFlaggedAt(tenantId, providerId, null);
  return true;
}
