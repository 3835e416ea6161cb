import type { User } from '../directory/user.js';
import { DomainError } from '../errors.js';
import type { Ids, Repositories } from '../ports.js';
import { coldStorageUntil } from './cold-storage.js';
import { withLifecycle } from './user-state.js';

/**
 * Deactivation and reactivation inside a caller's transaction (SPEC C4): the building blocks the
 * administrator's actions, the provider's re-activation, legal-hold releases and the sweeper share.
 * They return the next user without writing it; the caller writes it with `saveUser`.
 */
export interface LifecycleTx {
  tx: Repositories;
  ids: Ids;
  /** ISO-8601 time of the action. */
  now: string;
}

/** Fallback when the organization row is missing (it cannot be: users.org_id is a foreign key). */
const DEFAULT_COLD_STORAGE_DAYS = 30;

/** When archives of `user` moved to cold storage now are purged: the organization's cold-storage period (SPEC C1). */
export async function coldStorageEnd(tx: Repositories, user: Pick<User, 'tenantId' | 'orgId'>, now: string): Promise<string> {
  const org = await tx.organizations.findById(user.tenantId, user.orgId);
  return coldStorageUntil(now, org?.coldStorageDays ?? DEFAULT_COLD_STORAGE_DAYS);
}

/**
 * Deactivates now: the user's devices are deactivated, their active archives move to cold storage
 * for the organization's period, and an archive.purge timer is due when that period ends.
 */
export async function deactivateNow(t: LifecycleTx, user: User): Promise<User> {
  const { tx, now } = t;
  const until = await coldStorageEnd(tx, user, now);
  await tx.timers.cancelPending(user.tenantId, user.id, 'user.deactivate', now);
  await tx.devices.deactivateAllOfUser(user.tenantId, user.id, now);
  const moved = await tx.archives.toColdStorage(user.tenantId, user.id, null, until, now);
  if (moved > 0) {
    await tx.timers.schedule({ id: t.ids.newId(), tenantId: user.tenantId, kind: 'archive.purge', userId: user.id, providerId: null, deviceId: null, dueAt: until, status: 'pending', createdAt: now, updatedAt: now });
  }
  return withLifecycle(user, { deactivatedAt: now, deactivationState: null });
}

/**
 * Lifts a deactivation, carried out or only wanted: cancels pending and held deactivation timers;
 * a deactivated user's devices get their former status back, their archives leave cold storage
 * and the purge is cancelled, so nothing is lost before the purge (SPEC C4). An administrator's
 * block is a separate fact and stays.
 */
export async function reactivateNow(t: LifecycleTx, user: User): Promise<User> {
  const { tx, now } = t;
  await tx.timers.cancelPending(user.tenantId, user.id, 'user.deactivate', now);
  if (user.deactivatedAt !== null) {
    const withUser = (await tx.devices.listOfUser(user.tenantId, user.id)).filter((d) => d.restoreStatus !== null).map((d) => d.id);
    await tx.archives.restore(user.tenantId, user.id, withUser, now);
    await tx.devices.restoreAllOfUser(user.tenantId, user.id, now);
    // Only the user-wide purge: a device deactivated on its own keeps its archives' purge.
    await tx.timers.cancelPending(user.tenantId, user.id, 'archive.purge', now, { deviceId: null });
  }
  return withLifecycle(user, { deactivatedAt: null, deactivationState: null });
}

/** Writes the lifecycle change `current` → `next` (optimistic version check); returns what was written. */
export async function saveUser(tx: Repositories, next: User, current: User, now: string): Promise<User> {
  const written: User = { ...next, version: current.version + 1, updatedAt: now };
  if (!(await tx.users.updateLifecycle(written, current.version))) throw new DomainError('precondition.failed', { id: current.id });
  return written;
}

/** Names of the active legal-hold matters the user is a custodian of (empty: not on hold). */
export async function legalHoldsOf(tx: Repositories, user: Pick<User, 'tenantId' | 'id'>): Promise<string[]> {
  return (await tx.legalHolds.activeMattersOf(user.tenantId, user.id)).map((m) => m.name);
}
