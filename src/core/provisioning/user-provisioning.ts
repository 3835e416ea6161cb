import { DomainError, StaleAssumption } from '../errors.js';
import type { Organization } from '../directory/organization.js';
import { mappingActive } from '../mapping/mapping-references.js';
import type { PageRequest, UserCollection, UserField } from '../directory/query.js';
import type { User } from '../directory/user.js';
import { newUser } from '../directory/new-records.js';
import { scheduleProviderDeactivation, cancelProviderDeactivation } from '../lifecycle/provider-deactivation.js';
import type { Clock, Ids, Repositories, Store, UserPage } from '../ports.js';
import type { ProvisioningContext } from './context.js';
import { sameRoleValues } from '../mapping/requested-roles.js';
import { linkWaitingReports, logManagerChange, reportLinking, resolveManager } from './manager-reference.js';
import { evaluateUserMapping, settingsOf } from './mapping-evaluation.js';
import { diffProfiles } from './profile-diff.js';
import { ChangeRecorder } from './provisioning-log.js';
import { normalizeInput, type InputNote, type UserInput } from './user-input.js';

/** A user as a provider sees it, with its group memberships. */
export interface ProvisionedUser {
  user: User;
  groups: { id: string; displayName: string }[];
}

/**
 * Applies a provider's user changes to the directory (SPEC C2, C4, C5). Every call is one
 * transaction: the user rows, the sync-log entries and any pending deactivation commit together.
 */
export class UserProvisioning {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /**
   * Each tenant's root organization as the last create read it. A create that needs no other read
   * assumes it, and that the user name is free (an IdP creates after its filter found no one), and
   * then goes to PostgreSQL in one write; if either was wrong nothing is committed and the create
   * runs again with the read (StaleAssumption).
   */
  private readonly roots = new Map<string, Organization>();

  /** Creates a user, or revives one this provider had removed (nothing is ever lost). */
  async create(ctx: ProvisioningContext, raw: UserInput): Promise<ProvisionedUser> {
    const { input, notes } = normalizeInput(raw, ctx.tenant.requireEmailUsername);
    const root = this.roots.get(ctx.tenantId);
    // Only a create whose every other step writes without reading: no manager to look up, no
    // mapping to evaluate, no deactivation to guard.
    const settings = settingsOf(ctx);
    const assume =
      root !== undefined &&
      !input.managerRef &&
      input.active !== false &&
      !mappingActive(settings.orgMapping, settings.roleMapping);
    if (assume) {
      try {
        return await this.createWith(ctx, input, notes, root);
      } catch (e) {
        if (!(e instanceof StaleAssumption)) throw e;
      }
    }
    return this.createWith(ctx, input, notes);
  }

  /** create, reading the user name and the root, or assuming `expected` (see roots). */
  private createWith(
    ctx: ProvisioningContext,
    input: UserInput,
    notes: InputNote[],
    expected?: Organization,
  ): Promise<ProvisionedUser> {
    // A create that assumed its reads writes without waiting for any answer: it may share a commit.
    const run = expected ? this.store.batched.bind(this.store) : this.store.transaction.bind(this.store);
    return run(async (tx) => {
      const now = this.clock.now().toISOString();
      const log = new ChangeRecorder(ctx, now);
      const userName = input.profile.userName;
      const { user: existing, root } = expected
        ? await tx.users.expectNewUserUnderRoot(ctx.tenantId, userName, expected)
        : await tx.users.findByUserNameOrRoot(ctx.tenantId, userName);
      if (root) this.roots.set(ctx.tenantId, root);
      if (existing) {
        if (existing.providerId !== ctx.provider.id || existing.removedAt === null)
          throw await this.taken(tx, ctx, existing);
        return this.write(tx, ctx, log, existing, input, notes, { revive: true });
      }
      if (!root) throw new DomainError('organization.not_found', { id: 'root' });
      const user: User = newUser(
        { id: this.ids.newId(), tenantId: ctx.tenantId, orgId: root.id, providerId: ctx.provider.id },
        input.profile,
        now,
      );
      // Both externalId locks first, in one order, so that two users created at once, each the
      // other's manager, cannot deadlock (the linking step and the lookup each take one).
      for (const key of [...new Set([input.profile.externalId, input.managerRef])].sort())
        if (key !== null && key !== '') await tx.users.lockExternalId(ctx.tenantId, ctx.provider.id, key);
      Object.assign(user, await resolveManager(tx, ctx, log, user, input.managerRef, user));
      // SPEC C3: users provisioned before mappings exist land in the root organization with its default roles.
      await tx.users.insert(user, { roleIds: root.defaultRoles, source: 'default', at: now });
      log.add('Created', user, { attribute: 'username', newValue: user.profile.userName });
      logManagerChange(log, user, { managerId: null, pendingManager: null }, user);
      log.notes(user, notes);
      // SPEC C3: the provider's mapping moves the new user out of the root and sets their roles.
      const mapped = await evaluateUserMapping(tx, this.ids, ctx, log, user, { created: true });
      const moved = mapped !== undefined && mapped.orgId !== user.orgId;
      if (mapped) user.orgId = mapped.orgId;
      // The timer row references the user, so the user is inserted first; its blocked state
      // (status, scimActive) must then be written too, or the row would say active (SPEC C4).
      if (input.active === false) await this.deactivateRequested(tx, ctx, log, user, now);
      if (input.active === false || moved) {
        if (!(await tx.users.update(user, user.version, user)))
          throw new DomainError('precondition.failed', { id: user.id });
      }
      // The reports waiting for the user's externalId are linked last (its lock is held: above).
      const link = reportLinking(ctx, user, now);
      await (link ? tx.syncLog.appendLinkingReports(log.entries, link) : tx.syncLog.append(log.entries));
      return { user, groups: [] };
    });
  }

  /** Replaces the user's whole profile (SCIM PUT) or applies a computed change (PATCH). */
  async update(
    ctx: ProvisioningContext,
    id: string,
    change: (current: ProvisionedUser) => UserInput,
    ifMatch?: number,
  ): Promise<ProvisionedUser> {
    return this.store.transaction(async (tx) => {
      const { user: current, groups } = await this.ownUserWithGroups(tx, ctx, id, true);
      if (ifMatch !== undefined && ifMatch !== current.version)
        throw new DomainError('precondition.failed', { id, version: current.version });
      const { input, notes } = normalizeInput(change({ user: current, groups }), ctx.tenant.requireEmailUsername);
      if (input.profile.userName.toLowerCase() !== current.profile.userName.toLowerCase()) {
        const other = await tx.users.findByUserName(ctx.tenantId, input.profile.userName);
        if (other && other.id !== id) throw await this.taken(tx, ctx, other);
      }
      const log = new ChangeRecorder(ctx, this.clock.now().toISOString());
      const user = await this.write(tx, ctx, log, current, input, notes, { revive: false });
      return { user: user.user, groups };
    });
  }

  /** SCIM DELETE: the user disappears from the provider's view and is blocked pending deactivation (SPEC C4). */
  async remove(ctx: ProvisioningContext, id: string, ifMatch?: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      const current = await this.ownUser(tx, ctx, id, true);
      if (ifMatch !== undefined && ifMatch !== current.version)
        throw new DomainError('precondition.failed', { id, version: current.version });
      const now = this.clock.now().toISOString();
      const log = new ChangeRecorder(ctx, now);
      const user: User = {
        ...current,
        removedAt: now,
        scimActive: false,
        version: current.version + 1,
        updatedAt: now,
      };
      log.add('Removed', user, { detail: 'Deleted by the provider; kept in Roster and hidden from the provider' });
      for (const g of await tx.users.groupsOf(ctx.tenantId, id)) {
        await tx.groups.removeMembers(ctx.tenantId, g.id, [id]);
        await tx.groups.touch(ctx.tenantId, g.id, now);
        log.add('Modified', user, { attribute: 'group', oldValue: g.displayName, newValue: null });
      }
      if (current.scimActive) await this.deactivateRequested(tx, ctx, log, user, now);
      if (!(await tx.users.update(user, current.version, current)))
        throw new DomainError('precondition.failed', { id });
      await tx.syncLog.append(log.entries);
    });
  }

  /** One of the provider's users. */
  async get(ctx: ProvisioningContext, id: string): Promise<ProvisionedUser> {
    return this.ownUserWithGroups(this.store.repos, ctx, id, false);
  }

  /** A filtered, sorted page of the provider's users, evaluated in the database. */
  async list(ctx: ProvisioningContext, page: PageRequest<UserField, UserCollection>): Promise<UserPage> {
    return this.store.repos.users.listForProvider(ctx.tenantId, ctx.provider.id, page);
  }

  /** Group memberships of several users (one query), for list pages. */
  async groupsOfUsers(
    ctx: ProvisioningContext,
    ids: readonly string[],
  ): Promise<Map<string, { id: string; displayName: string }[]>> {
    return this.store.repos.users.groupsOfUsers(ctx.tenantId, ids);
  }

  private async ownUser(repos: Repositories, ctx: ProvisioningContext, id: string, forUpdate: boolean): Promise<User> {
    const user = await repos.users.findById(ctx.tenantId, id, { forUpdate });
    // SPEC C1: a provider never sees a user it does not own; a removed user is gone from its view.
    if (!user || user.providerId !== ctx.provider.id || user.removedAt !== null)
      throw new DomainError('user.not_found', { id });
    return user;
  }

  private async ownUserWithGroups(
    repos: Repositories,
    ctx: ProvisioningContext,
    id: string,
    forUpdate: boolean,
  ): Promise<ProvisionedUser> {
    const found = await repos.users.findByIdWithGroups(ctx.tenantId, id, { forUpdate });
    // As ownUser.
    if (!found || found.user.providerId !== ctx.provider.id || found.user.removedAt !== null)
      throw new DomainError('user.not_found', { id });
    return found;
  }

  private async taken(repos: Repositories, ctx: ProvisioningContext, holder: User): Promise<DomainError> {
    const owner =
      holder.providerId === null
        ? 'local'
        : ((await repos.providers.findById(ctx.tenantId, holder.providerId))?.name ?? holder.providerId);
    const ownerKind =
      holder.providerId === null
        ? 'local user'
        : holder.providerId === ctx.provider.id
          ? 'this provider'
          : `provider "${owner}"`;
    return new DomainError('user.username_taken', { userName: holder.profile.userName, owner, ownerKind });
  }

  private async write(
    tx: Repositories,
    ctx: ProvisioningContext,
    log: ChangeRecorder,
    current: User,
    input: UserInput,
    notes: InputNote[],
    opts: { revive: boolean },
  ): Promise<ProvisionedUser> {
    const now = log.at;
    const next: User = {
      ...current,
      profile: input.profile,
      removedAt: opts.revive ? null : current.removedAt,
      updatedAt: now,
      version: current.version + 1,
    };
    Object.assign(next, await resolveManager(tx, ctx, log, next, input.managerRef, current));
    if (opts.revive)
      log.add('Created', next, {
        attribute: 'username',
        newValue: next.profile.userName,
        detail: 'Re-created by the provider after removal; the existing user was restored',
      });
    for (const c of diffProfiles(current.profile, next.profile)) log.add('Modified', next, c);
    logManagerChange(log, next, current, next);
    log.notes(next, notes);
    if (opts.revive || next.profile.externalId !== current.profile.externalId)
      await linkWaitingReports(tx, ctx, log, next);
    const active = input.active ?? (opts.revive ? true : current.scimActive);
    if (opts.revive || current.scimActive !== active) {
      if (active) await this.reactivateRequested(tx, ctx, log, next, now);
      else if (current.scimActive || opts.revive) await this.deactivateRequested(tx, ctx, log, next, now);
    }
    const mapped = await evaluateUserMapping(tx, this.ids, ctx, log, next, {
      rolesSent: opts.revive || !sameRoleValues(current.profile.multi.roles, next.profile.multi.roles),
    });
    if (mapped) next.orgId = mapped.orgId;
    if (log.entries.length === 0 && !opts.revive) return { user: current, groups: [] };
    if (!(await tx.users.update(next, current.version, current)))
      throw new DomainError('precondition.failed', { id: current.id });
    await tx.syncLog.append(log.entries);
    return { user: next, groups: [] };
  }

  private async deactivateRequested(
    tx: Repositories,
    ctx: ProvisioningContext,
    log: ChangeRecorder,
    user: User,
    now: string,
  ): Promise<void> {
    user.scimActive = false;
    await scheduleProviderDeactivation(tx, this.ids, ctx, log, user, now);
  }

  private async reactivateRequested(
    tx: Repositories,
    ctx: ProvisioningContext,
    log: ChangeRecorder,
    user: User,
    now: string,
  ): Promise<void> {
    user.scimActive = true;
    await cancelProviderDeactivation(tx, this.ids, ctx, log, user, now);
  }
}
