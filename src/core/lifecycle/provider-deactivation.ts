import type { User } from '../directory/user.js';
import type { Ids, Repositories } from '../ports.js';
import type { ProvisioningContext } from '../provisioning/context.js';
import type { ChangeRecorder } from '../provisioning/provisioning-log.js';
import { reactivateNow } from './deactivation.js';
import { clearFlagIfNoneHeld, guardHolds, HELD_DETAIL } from './deprovision-guard.js';
import { recordTransition } from './lifecycle-log.js';
import { withLifecycle } from './user-state.js';

/**
 * SPEC C4: a provider's deactivation (active:false or DELETE) blocks the user at once and
 * deactivates only after the provider's delay: the user's deactivation becomes 'pending' and a
 * user.deactivate timer row is due when the delay ends; the sweeper (jobs/timer-sweeper.ts) acts
 * on it. With a delay of 0 the timer is due at once. The mass-deprovision guard may hold it instead
 *. `user` is updated in place; the caller writes it.
 */
export async function scheduleProviderDeactivation(
  tx: Repositories,
  ids: Ids,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  user: User,
  now: string,
): Promise<void> {
  if (user.deactivatedAt !== null) return;
  await tx.timers.cancelPending(ctx.tenantId, user.id, 'user.deactivate', now);
  const { hold, provider } = await guardHolds(
    tx,
    ctx.tenantId,
    ctx.provider.id,
    log,
    now,
    ctx.provider.guard.windowSeconds,
  );
  const delay = provider?.deactivationDelaySeconds ?? ctx.provider.deactivationDelaySeconds;
  const before = { ...user };
  Object.assign(user, withLifecycle(user, { deactivationState: hold ? 'held_guard' : 'pending' }));
  const dueAt = new Date(Date.parse(now) + delay * 1000).toISOString();
  await tx.timers.schedule({
    id: ids.newId(),
    tenantId: ctx.tenantId,
    kind: 'user.deactivate',
    userId: user.id,
    providerId: ctx.provider.id,
    deviceId: null,
    dueAt,
    status: hold ? 'held' : 'pending',
    createdAt: now,
    updatedAt: now,
  });
  recordTransition(
    log,
    before,
    user,
    hold ? HELD_DETAIL : `Deactivated by the provider; deactivation due in ${delay} s`,
  );
}

/**
 * A provider's re-activation: cancels a pending or held deactivation and lifts that block, or
 * reactivates a deactivated user before the purge; nothing is lost (SPEC C4). An administrator's
 * block stays. `user` is updated in place; the caller writes it.
 */
export async function cancelProviderDeactivation(
  tx: Repositories,
  ids: Ids,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  user: User,
  now: string,
): Promise<void> {
  const before = { ...user };
  Object.assign(user, await reactivateNow({ tx, ids, now }, user));
  if (before.deactivationState === 'held_guard') await clearFlagIfNoneHeld(tx, ctx.tenantId, ctx.provider.id);
  const detail =
    before.deactivatedAt !== null
      ? 'Re-activated by the provider; devices and archives restored'
      : before.deactivationState !== null
        ? 'Pending deactivation cancelled by the provider'
        : 'Re-activated by the provider';
  recordTransition(log, before, user, detail);
}
