import type { User } from '../directory/user.js';
import type { Ids, Repositories } from '../ports.js';
import type { ProvisioningContext } from '../provisioning/context.js';
import type { ChangeRecorder } from '../provisioning/provisioning-log.js';

/**
 * SPEC C4: a provider's deactivation blocks the user at once and deactivates only after
 * the provider's delay. This records the block and the pending deactivation (a timer row);
 * the sweeper that acts on due timers is part of the lifecycle machinery (jobs/).
 */
export async function scheduleProviderDeactivation(tx: Repositories, ids: Ids, ctx: ProvisioningContext, log: ChangeRecorder, user: User, now: string): Promise<void> {
  if (user.status === 'active') {
    user.status = 'blocked';
    log.add('Blocked', user, { attribute: 'status', oldValue: 'active', newValue: 'blocked', detail: `Deactivated by the provider; deactivation due in ${ctx.provider.deactivationDelaySeconds} s` });
  }
  if (user.status === 'deactivated') return;
  await tx.timers.cancelPending(ctx.tenantId, user.id, 'user.deactivate', now);
  const due = new Date(Date.parse(now) + ctx.provider.deactivationDelaySeconds * 1000).toISOString();
  await tx.timers.schedule({ id: ids.newId(), tenantId: ctx.tenantId, kind: 'user.deactivate', userId: user.id, providerId: ctx.provider.id, dueAt: due, status: 'pending', createdAt: now, updatedAt: now });
}

/** A re-activation within the delay cancels the pending deactivation and lifts the block; nothing is lost. */
export async function cancelProviderDeactivation(tx: Repositories, ctx: ProvisioningContext, log: ChangeRecorder, user: User, now: string): Promise<void> {
  const cancelled = await tx.timers.cancelPending(ctx.tenantId, user.id, 'user.deactivate', now);
  if (user.status === 'blocked' || user.status === 'deactivated') {
    const old = user.status;
    user.status = 'active';
    log.add('Reactivated', user, { attribute: 'status', oldValue: old, newValue: 'active', detail: cancelled ? 'Pending deactivation cancelled by the provider' : 'Re-activated by the provider' });
  }
}
