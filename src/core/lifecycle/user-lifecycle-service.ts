import type { Archive } from '../directory/archive.js';
import type { Device } from '../directory/device.js';
import type { LegalHoldMatter } from '../directory/legal-hold.js';
import type { User } from '../directory/user.js';
import { DomainError } from '../errors.js';
import type { Clock, Ids, Store } from '../ports.js';
import type { Permission } from '../directory/roles-catalogue.js';
import { readAccess, runCommand } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';
import { deactivateNow, reactivateNow, saveUser, type LifecycleTx } from './deactivation.js';
import { clearFlagIfNoneHeld } from './deprovision-guard.js';
import { LifecycleLog } from './lifecycle-log.js';
import type { Timer } from './timer.js';
import { withLifecycle } from './user-state.js';

/** Everything the user detail view shows about a user's lifecycle. */
export interface UserLifecycleView {
  user: User;
  devices: Device[];
  archives: Archive[];
  legalHolds: LegalHoldMatter[];
  /** Open timers: a pending or held deactivation, archive purges. */
  timers: Timer[];
}

type Action = (t: LifecycleTx, user: User) => Promise<User>;

/**
 * An administrator's lifecycle actions on a user (SPEC C4): immediate, never delayed, each one
 * transaction with its sync-log entry (provider null: the administrator acted) and its audit
 * entry. Each checks the caller's permission over the user first (SPEC C6).
 */
export class UserLifecycleService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Blocks: the user cannot sign in; non-destructive, devices keep backing up. */
  async block(actor: Principal, userId: string): Promise<User> {
    return this.act(actor, userId, 'user.block', 'Blocked by an administrator', async (_t, u) =>
      withLifecycle(u, { adminBlocked: true }),
    );
  }

  /** Lifts the administrator's block (a pending or held deactivation still blocks). */
  async unblock(actor: Principal, userId: string): Promise<User> {
    return this.act(actor, userId, 'user.unblock', 'Unblocked by an administrator', async (_t, u) =>
      withLifecycle(u, { adminBlocked: false }),
    );
  }

  /**
   * Deactivates at once (no delay for administrators, SPEC C4), replacing any pending or held
   * deactivation. Refused for a custodian of an active legal-hold matter (user.on_legal_hold).
   */
  async deactivate(actor: Principal, userId: string): Promise<User> {
    const tenantId = actor.tenantId;
    return this.act(
      actor,
      userId,
      'user.deactivate',
      'Deactivated by an administrator: devices deactivated, archives moved to cold storage',
      async (t, u) => {
        if (u.deactivatedAt !== null) return u;
        const matters = await t.tx.legalHolds.activeMattersOf(tenantId, userId);
        if (matters.length > 0) {
          throw new DomainError('user.on_legal_hold', {
            id: userId,
            userName: u.profile.userName,
            matters: matters.map((m) => m.name).join(', '),
            matterIds: matters.map((m) => m.id),
          });
        }
        const next = await deactivateNow(t, u);
        if (u.deactivationState === 'held_guard' && u.providerId !== null)
          await clearFlagIfNoneHeld(t.tx, tenantId, u.providerId);
        return next;
      },
    );
  }

  /**
   * Reactivates before the purge: devices and archives come back, purge and deactivation timers
   * are cancelled. On a blocked user it cancels a pending or held deactivation; the administrator's
   * own block stays (unblock lifts it).
   */
  async reactivate(actor: Principal, userId: string): Promise<User> {
    const tenantId = actor.tenantId;
    return this.act(actor, userId, 'user.reactivate', 'Reactivated by an administrator', async (t, u) => {
      const next = await reactivateNow(t, u);
      if (u.deactivationState === 'held_guard' && u.providerId !== null)
        await clearFlagIfNoneHeld(t.tx, tenantId, u.providerId);
      return next;
    });
  }

  /** The user with devices, archives, legal holds and open timers. */
  async view(actor: Principal, userId: string): Promise<UserLifecycleView> {
    const tenantId = actor.tenantId;
    const repos = this.store.repos;
    const user = await repos.users.findById(tenantId, userId);
    if (!user) throw new DomainError('user.not_found', { id: userId });
    await readAccess(this.store, actor).overUser('users.read', user);
    const [devices, archives, legalHolds, timers] = await Promise.all([
      repos.devices.listOfUser(tenantId, userId),
      repos.archives.listOfUser(tenantId, userId),
      repos.legalHolds.activeMattersOf(tenantId, userId),
      repos.timers.pendingFor(tenantId, userId),
    ]);
    return { user, devices, archives, legalHolds, timers };
  }

  private async act(
    actor: Principal,
    userId: string,
    action: LifecycleAction,
    detail: string,
    fn: Action,
  ): Promise<User> {
    const deps = { store: this.store, clock: this.clock, ids: this.ids };
    return runCommand(deps, actor, async ({ tx, access, now, audit }) => {
      const tenantId = actor.tenantId;
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId });
      await access.overUser(PERMISSION_OF[action], user);
      const next = await fn({ tx, ids: this.ids, now }, user);
      const log = new LifecycleLog(tenantId, null, now);
      log.transition(user, next, detail);
      if (log.entries.length === 0) return user;
      const written = await saveUser(tx, next, user, now);
      await tx.syncLog.append(log.entries);
      await audit({
        action,
        targetType: 'user',
        targetId: userId,
        before: lifecycleOf(user),
        after: lifecycleOf(written),
      });
      return written;
    });
  }
}

type LifecycleAction = 'user.block' | 'user.unblock' | 'user.deactivate' | 'user.reactivate';

// SPEC C6: blocking is a change to the user ("update user information"); deactivating and
// reactivating are "add/deactivate users", which User Modify lacks.
const PERMISSION_OF: Record<LifecycleAction, Permission> = {
  'user.block': 'users.update',
  'user.unblock': 'users.update',
  'user.deactivate': 'users.create_deactivate',
  'user.reactivate': 'users.create_deactivate',
};

const lifecycleOf = (u: User) => ({
  status: u.status,
  adminBlocked: u.adminBlocked,
  deactivationState: u.deactivationState,
  deactivatedAt: u.deactivatedAt,
});
