import { DomainError } from '../errors.js';
import type { Group, GroupMember } from '../directory/group.js';
import type { GroupCollection, GroupField, Page, PageRequest } from '../directory/query.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { ProvisioningContext } from './context.js';
import { orgMappingReferences, roleMappingReferences, usesGroups } from '../mapping/mapping-references.js';
import { evaluateUserMapping, settingsOf } from './mapping-evaluation.js';
import { ChangeRecorder } from './provisioning-log.js';
import { addMembers, logAdded, logRemoved, membersOnly, removeMembers } from './group-members.js';

/** A membership and attribute change, computed by the adapter without reading the member list. */
export interface GroupChange {
  displayName?: string;
  externalId?: string | null;
  addMembers: readonly string[];
  removeMembers: readonly string[];
  /** When set, the members become exactly these (PUT, or PATCH replace of `members`). */
  replaceMembers?: readonly string[];
}

export interface GroupInput {
  displayName: string;
  externalId: string | null;
  members: readonly string[];
}

/**
 * Applies a provider's group changes. A membership change touches only the changed rows
 * (SPEC non-functional: O(change)), and the group row is locked for the transaction so that
 * concurrent PATCHes on one group serialise instead of losing updates.
 */
export class GroupProvisioning {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Creates a group with its initial members. */
  async create(ctx: ProvisioningContext, input: GroupInput): Promise<Group> {
    const displayName = checkDisplayName(input.displayName);
    return this.store.transaction(async (tx) => {
      const now = this.clock.now().toISOString();
      const log = new ChangeRecorder(ctx, now);
      const group: Group = {
        id: this.ids.newId(),
        tenantId: ctx.tenantId,
        providerId: ctx.provider.id,
        displayName,
        externalId: input.externalId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await tx.groups.insert(group);
      log.add('Created', null, { attribute: 'group', newValue: displayName });
      await this.remap(tx, ctx, log, await addMembers(tx, ctx, log, group, input.members));
      await tx.syncLog.append(log.entries);
      return group;
    });
  }

  /** Applies attribute and membership changes in one transaction. */
  async change(
    ctx: ProvisioningContext,
    id: string,
    changeOf: GroupChange | ((current: Group) => GroupChange),
    ifMatch?: number,
  ): Promise<Group> {
    if (typeof changeOf !== 'function' && membersOnly(changeOf)) return this.changeMembers(ctx, id, changeOf, ifMatch);
    return this.store.transaction(async (tx) => {
      const current = await this.ownGroup(tx, ctx, id, true);
      if (ifMatch !== undefined && ifMatch !== current.version)
        throw new DomainError('precondition.failed', { id, version: current.version });
      const change = typeof changeOf === 'function' ? changeOf(current) : changeOf;
      const now = this.clock.now().toISOString();
      const log = new ChangeRecorder(ctx, now);
      let group = current;
      const displayName = change.displayName === undefined ? current.displayName : checkDisplayName(change.displayName);
      const externalId = change.externalId === undefined ? current.externalId : change.externalId;
      if (displayName !== current.displayName || externalId !== current.externalId) {
        group = { ...current, displayName, externalId, version: current.version + 1, updatedAt: now };
        if (!(await tx.groups.update(group, current.version))) throw new DomainError('precondition.failed', { id });
        if (displayName !== current.displayName)
          log.add('Modified', null, { attribute: 'group', oldValue: current.displayName, newValue: displayName });
        if (externalId !== current.externalId)
          log.add('Modified', null, {
            attribute: 'group.externalId',
            oldValue: current.externalId,
            newValue: externalId,
            detail: `Group "${displayName}"`,
          });
      }
      let remove: readonly string[] = change.removeMembers;
      let add: readonly string[] = change.addMembers;
      if (change.replaceMembers) {
        // The plan has already folded earlier and later adds/removes into replaceMembers.
        const wanted = new Set(change.replaceMembers);
        const existing = new Set((await tx.groups.members(ctx.tenantId, id)).map((m) => m.userId));
        remove = [...existing].filter((u) => !wanted.has(u));
        add = [...wanted].filter((u) => !existing.has(u));
      }
      const changed = [
        ...(await removeMembers(tx, ctx, log, group, remove)),
        ...(await addMembers(tx, ctx, log, group, add)),
      ];
      await this.remap(tx, ctx, log, changed);
      if (changed.length > 0 && group === current) {
        // Locked since it was read (ownGroup FOR UPDATE above): this is the row touch would return.
        await tx.groups.touchLocked(ctx.tenantId, id, now);
        group = { ...current, version: current.version + 1, updatedAt: now };
      }
      await tx.syncLog.append(log.entries);
      return group;
    });
  }

  /**
   * change for members added or removed only (an IdP's usual group PATCH), in one round trip less
   * while the group is locked: the lock goes out with the membership statement (lockForMembers), and
   * the group is checked once both have answered. A missing group, another provider's group or a
   * stale If-Match then fails the transaction, which undoes the membership statement.
   *
   * A change of one member that no If-Match and no group-based mapping make depend on the group's
   * row (Entra's incremental PATCH) does not lock the group until its touch: its last write, which
   * goes out with the log and the COMMIT. Changes of one group then wait for each other only while
   * the server runs those, not while this process handles answers (bench scim, steady state).
   * The group's provider never changes, so reading it unlocked decides the same; the touch returns
   * the version this change made.
   */
  private async changeMembers(
    ctx: ProvisioningContext,
    id: string,
    change: GroupChange,
    ifMatch?: number,
  ): Promise<Group> {
    const remove = [...new Set(change.removeMembers)];
    const add = [...new Set(change.addMembers)];
    const settings = settingsOf(ctx);
    const late =
      ifMatch === undefined &&
      remove.length + add.length === 1 &&
      !usesGroups(settings.orgMapping, settings.roleMapping);
    const result = await this.store.transaction(async (tx) => {
      const read = late
        ? await tx.groups.shareForMember(ctx.tenantId, id)
        : await tx.groups.lockForMembers(ctx.tenantId, id);
      const now = this.clock.now().toISOString();
      const log = new ChangeRecorder(ctx, now);
      let written: GroupMember[];
      try {
        written =
          remove.length > 0
            ? await tx.groups.removeMembers(ctx.tenantId, id, remove)
            : await tx.groups.addMembers(ctx.tenantId, ctx.provider.id, id, add, now);
      } catch (e) {
        // Members of a group that does not exist fail the memberships' foreign key. A refusal of the
        // input (a NUL in an id, say) comes before anything was sent, the lock included: it stands.
        if (!(e instanceof DomainError) && read() === undefined) throw new DomainError('group.not_found', { id });
        throw e;
      }
      const current = read();
      if (!current || current.providerId !== ctx.provider.id) throw new DomainError('group.not_found', { id });
      if (ifMatch !== undefined && ifMatch !== current.version)
        throw new DomainError('precondition.failed', { id, version: current.version });
      const changed =
        remove.length > 0 ? logRemoved(log, current, written) : await logAdded(tx, ctx, log, current, add, written);
      await this.remap(tx, ctx, log, changed);
      let group: () => Group | undefined = () => current;
      if (changed.length > 0 && late) group = await tx.groups.touchQueued(ctx.tenantId, id, now);
      else if (changed.length > 0) {
        // Locked since lockForMembers: this is the row touch would return.
        await tx.groups.touchLocked(ctx.tenantId, id, now);
        const touched = { ...current, version: current.version + 1, updatedAt: now };
        group = () => touched;
      }
      await tx.syncLog.append(log.entries);
      return group;
    });
    // The change held the group FOR KEY SHARE, which a delete waits for: the row is there unless the
    // database broke that promise, and then the group is not found rather than answered half.
    const group = result();
    if (!group) throw new DomainError('group.not_found', { id });
    return group;
  }

  /**
   * Deletes the group and its memberships; the users stay. When the provider's mapping names the
   * group, its former members are re-evaluated in the same transaction (SPEC C3 "on every change
   * to group membership"): they move to their next mapped group or the unmapped organization and
   * lose the roles it gave. The mapping keeps naming the deleted group, so the administrator sees
   * it (an IdP that deletes and re-creates a group gives it a new id).
   */
  async remove(ctx: ProvisioningContext, id: string, ifMatch?: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      const current = await this.ownGroup(tx, ctx, id, true);
      if (ifMatch !== undefined && ifMatch !== current.version)
        throw new DomainError('precondition.failed', { id, version: current.version });
      const log = new ChangeRecorder(ctx, this.clock.now().toISOString());
      log.add('Removed', null, { attribute: 'group', oldValue: current.displayName });
      const mapped = [
        ...orgMappingReferences(ctx.provider.orgMapping),
        ...roleMappingReferences(ctx.provider.roleMapping),
      ].some((r) => r.kind === 'group' && r.id === id);
      const formerMembers = mapped ? (await tx.groups.members(ctx.tenantId, id)).map((m) => m.userId) : [];
      await tx.groups.delete(ctx.tenantId, id);
      await this.remap(tx, ctx, log, formerMembers);
      await tx.syncLog.append(log.entries);
    });
  }

  /** One of the provider's groups. */
  async get(ctx: ProvisioningContext, id: string): Promise<Group> {
    return this.ownGroup(this.store.repos, ctx, id, false);
  }

  /** The group's members with their userNames. */
  async members(ctx: ProvisioningContext, id: string): Promise<GroupMember[]> {
    return this.store.repos.groups.members(ctx.tenantId, id);
  }

  /** Members of several groups (one query). */
  async membersOf(ctx: ProvisioningContext, ids: readonly string[]): Promise<Map<string, GroupMember[]>> {
    return this.store.repos.groups.membersOf(ctx.tenantId, ids);
  }

  /** A filtered, sorted page of the provider's groups. */
  async list(ctx: ProvisioningContext, page: PageRequest<GroupField, GroupCollection>): Promise<Page<Group>> {
    return this.store.repos.groups.listForProvider(ctx.tenantId, ctx.provider.id, page);
  }

  private async ownGroup(
    repos: Repositories,
    ctx: ProvisioningContext,
    id: string,
    forUpdate: boolean,
  ): Promise<Group> {
    const g = await repos.groups.findById(ctx.tenantId, id, { forUpdate });
    if (!g || g.providerId !== ctx.provider.id) throw new DomainError('group.not_found', { id });
    return g;
  }

  /** SPEC C3: a membership change re-evaluates the mapping of exactly the users whose membership changed. */
  private async remap(
    tx: Repositories,
    ctx: ProvisioningContext,
    log: ChangeRecorder,
    userIds: readonly string[],
  ): Promise<void> {
    const settings = settingsOf(ctx);
    if (!usesGroups(settings.orgMapping, settings.roleMapping)) return;
    for (const id of new Set(userIds)) {
      const user = await tx.users.findById(ctx.tenantId, id, { forUpdate: true });
      if (!user || user.removedAt !== null) continue;
      const mapped = await evaluateUserMapping(tx, this.ids, ctx, log, user);
      if (!mapped || mapped.orgId === user.orgId) continue;
      const next = { ...user, orgId: mapped.orgId, version: user.version + 1, updatedAt: log.at };
      if (!(await tx.users.update(next, user.version, user))) throw new DomainError('precondition.failed', { id });
    }
  }
}

function checkDisplayName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '')
    throw new DomainError('input.invalid', { field: 'displayName', reason: 'displayName is required' });
  return trimmed;
}
