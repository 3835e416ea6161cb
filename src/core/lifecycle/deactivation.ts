import type { User } from '../directory/user.js';
import { DomainError } from '../errors.js';
import type { Ids, Repositories } from '../ports.js';
import { coldStorageUntil } from './cold-storage.js';
import type { Timer } from './timer.js';
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
export async function coldStorageEnd(
  tx: Repositories,
  user: Pick<User, 'tenantId' | 'orgId'>,
  now: string,
): Promise<string> {
  const org = await tx.organizations.findById(user.tenantId, user.orgId);
  return coldStorageUntil(now, org?.coldStorageDays ?? DEFAULT_COLD_STORAGE_DAYS);
}

/**
 * Deactivates now: the user's devices are deactivated, their active archives move to cold storage
 * for the organization's period, and an archive.purge timer is due when that period ends.
 */
export async function deactivateNow(t: LifecycleTx, user: User): Promise<User> {
  return (await deactivateAllNow(t, [user]))[0] as User;
}

/**
 * deactivateNow for several users of one tenant at once, in a few statements whatever their number
 * (the sweeper's batches): each user ends exactly as deactivateNow alone would leave them.
 * Returns the next users, in order.
 */
export async function deactivateAllNow(t: LifecycleTx, users: readonly User[]): Promise<User[]> {
  const { tx, now } = t;
  const tenantId = users[0]?.tenantId;
  if (tenantId === undefined) return [];
  if (users.some((u) => u.tenantId !== tenantId)) throw new Error('deactivateAllNow: users of one tenant only');
  const ids = users.map((u) => u.id);
  // Archives of users whose organizations keep them equally long move in one statement.
  const untilOfOrg = new Map<string, string>();
  for (const u of users) if (!untilOfOrg.has(u.orgId)) untilOfOrg.set(u.orgId, await coldStorageEnd(tx, u, now));
  await tx.timers.cancelPendingOfUsers(tenantId, ids, 'user.deactivate', now);
  await tx.devices.deactivateAllOfUsers(tenantId, ids, now);
  const purges: Timer[] = [];
  for (const until of new Set(untilOfOrg.values())) {
    const of = users.filter((u) => untilOfOrg.get(u.orgId) === until).map((u) => u.id);
    for (const userId of await tx.archives.toColdStorageOfUsers(tenantId, of, until, now)) {
      purges.push({
        id: t.ids.newId(),
        tenantId,
        kind: 'archive.purge',
        userId,
        providerId: null,
        deviceId: null,
        dueAt: until,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  await tx.timers.scheduleMany(purges);
  return users.map((u) => withLifecycle(u, { deactivatedAt: now, deactivationState: null }));
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
    const withUser = (await tx.devices.listOfUser(user.tenantId, user.id))
      .filter((d) => d.restoreStatus !== null)
      .map((d) => d.id);
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
  if (!(await tx.users.updateLifecycle(written, current.version)))
    throw new DomainError('precondition.failed', { id: current.id });
  return written;
}

/** saveUser for several users of one tenant at once; fails (precondition.failed) unless every one was written. */
export async function saveUsers(
  tx: Repositories,
  changes: readonly { next: User; current: User }[],
  now: string,
): Promise<User[]> {
  const written = changes.map(({ next, current }) => ({
    user: { ...next, version: current.version + 1, updatedAt: now },
    expectedVersion: current.version,
  }));
  const ok = new Set(await tx.users.updateLifecycleMany(written));
  const missed = written.find((w) => !ok.has(w.user.id));
  if (missed) throw new DomainError('precondition.failed', { id: missed.user.id });
  return written.map((w) => w.user);
}

/** Names of the active legal-hold matters the user is a custodian of (empty: not on hold). */
export async function legalHoldsOf(tx: Repositories, user: Pick<User, 'tenantId' | 'id'>): Promise<string[]> {
  return (await tx.legalHolds.activeMattersOf(user.tenantId, user.id)).map((m) => m.name);
}
