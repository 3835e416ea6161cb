// SPEC C3 "Apply organization and role settings" (seeds/001 "Apply changes after mapping
// SCIM groups"): re-evaluates every user of a provider and moves them; with `dryRun` it reports
// what would change and writes nothing. The provider's users are walked in keyset chunks (by id);
// each chunk's group memberships and role grants are loaded in batched queries and the tenant's
// organizations once per run, so reads never go one query per user. A real run writes each chunk
// in one transaction — moves grouped by target organization, role revokes/grants batched, missing
// organizations created once by name, sync-log entries appended together — O(users) with a small
// constant. The rules are mapping-evaluation.ts's plan and apply steps, shared with the per-request path.
import type { Organization } from '../directory/organization.js';
import { DomainError } from '../errors.js';
import { mappingActive, usesGroups } from '../mapping/mapping-references.js';
import { mappingPlanner, type MappingSettings, type UserMappingPlan } from '../mapping/mapping-plan.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import { applyUserMappingPlan, createByName, OrgIndex, type MappingWriter } from './mapping-evaluation.js';
import { ChangeRecorder } from './provisioning-log.js';
import { readAccess, runCommand } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';

/** Users per chunk: per-chunk reads are a handful of batched queries; a real run commits per chunk. */
export const APPLY_CHUNK = 1000;
/** At most this many changes are listed in the result; the counts are always complete. */
export const APPLY_CHANGES_CAP = 1000;

/** One user's change, as Apply reports it. */
export interface MappingChange {
  userId: string;
  userName: string;
  /** Null when the organization does not change; `to.id` is null in a dry run for an organization that would be created. */
  organization: { from: { id: string; name: string }; to: { id: string | null; name: string } } | null;
  rolesAdded: string[];
  rolesRemoved: string[];
  notInRoleMapping: boolean;
}

/** What Apply did (or, in a dry run, would do). */
export interface MappingApplyResult {
  dryRun: boolean;
  usersEvaluated: number;
  usersChanged: number;
  /** The first `APPLY_CHANGES_CAP` changes, in user-id order. */
  changes: MappingChange[];
  /** True when more users changed than `changes` lists. */
  truncated: boolean;
}

/** Runs "Apply organization and role settings" for one provider. */
export class MappingApplyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly chunkSize = APPLY_CHUNK,
  ) {}

  /**
   * Needs identity_management.manage over all organizations, checked before anything is read. The
   * run spans one transaction per chunk of users (a provider may have 100,000), so it is audited
   * once, after its last chunk, with the counts.
   */
  async apply(actor: Principal, providerId: string, opts: { dryRun: boolean }): Promise<MappingApplyResult> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    const result = await this.run(actor.tenantId, providerId, opts);
    if (!opts.dryRun)
      await runCommand({ store: this.store, clock: this.clock, ids: this.ids }, actor, ({ audit }) =>
        audit({
          action: 'provider.mapping.apply',
          targetType: 'provider',
          targetId: providerId,
          after: { usersEvaluated: result.usersEvaluated, usersChanged: result.usersChanged },
        }),
      );
    return result;
  }

  private async run(tenantId: string, providerId: string, opts: { dryRun: boolean }): Promise<MappingApplyResult> {
    const provider = await this.store.repos.providers.findById(tenantId, providerId);
    if (!provider) throw new DomainError('provider.not_found', { id: providerId });
    const settings: MappingSettings = { orgMapping: provider.orgMapping, roleMapping: provider.roleMapping };
    const result: MappingApplyResult = {
      dryRun: opts.dryRun,
      usersEvaluated: 0,
      usersChanged: 0,
      changes: [],
      truncated: false,
    };
    const root = await this.store.repos.organizations.findRoot(tenantId);
    if (!root) throw new DomainError('organization.not_found', { id: 'root' });
    // Once per run: every organization of the tenant, by id and by lower-cased name.
    const orgs = new OrgIndex(root, await this.store.repos.organizations.list(tenantId));
    const plan = mappingPlanner(settings, orgs.directory());
    const at = this.clock.now().toISOString();
    let afterId: string | null = null;
    for (;;) {
      const chunk = async (tx: Repositories): Promise<string | null> => {
        const users = await tx.users.providerUsersAfter(tenantId, providerId, afterId, this.chunkSize);
        if (users.length === 0) return null;
        result.usersEvaluated += users.length;
        if (!mappingActive(settings.orgMapping, settings.roleMapping)) return users[users.length - 1]?.id ?? null;
        const ids = users.map((u) => u.id);
        const groups = usesGroups(settings.orgMapping, settings.roleMapping)
          ? await tx.users.groupsOfUsers(tenantId, ids)
          : new Map<string, { id: string }[]>();
        const grants =
          settings.roleMapping.method === 'manual'
            ? new Map<string, { roleId: string; source: string }[]>()
            : await tx.roles.rolesOfUsers(tenantId, ids);
        const writer = opts.dryRun
          ? undefined
          : new BatchWriter(tx, this.ids, new ChangeRecorder({ tenantId, provider }, at), orgs);
        for (const user of users) {
          const p = plan({
            user,
            groupIds: (groups.get(user.id) ?? []).map((g) => g.id),
            roles: grants.get(user.id) ?? [],
          });
          if (!p.changed) {
            // Leaving the "in no mapped group" state is recorded, though nothing is reported.
            if (writer && p.notInRoleMapping !== user.notInRoleMapping) await writer.apply(p, user);
            continue;
          }
          result.usersChanged += 1;
          const orgTo = writer ? await writer.apply(p, user) : p.orgToId;
          if (result.changes.length < APPLY_CHANGES_CAP) result.changes.push(changeOf(p, orgTo, orgs));
          else result.truncated = true;
        }
        if (writer) await writer.flush(tenantId, providerId);
        return users[users.length - 1]?.id ?? null;
      };
      const last: string | null = opts.dryRun ? await chunk(this.store.repos) : await this.store.transaction(chunk);
      if (last === null) break;
      afterId = last;
    }
    return result;
  }
}

function changeOf(p: UserMappingPlan, orgTo: string | null, orgs: OrgIndex): MappingChange {
  const name = (id: string): string => orgs.byId.get(id)?.name ?? id;
  const toName = orgTo !== null ? name(orgTo) : p.orgTo.kind === 'byName' ? p.orgTo.name : (p.orgToId ?? '');
  return {
    userId: p.userId,
    userName: p.userName,
    organization:
      p.orgChanged && orgTo !== p.orgFrom
        ? { from: { id: p.orgFrom, name: name(p.orgFrom) }, to: { id: orgTo, name: toName } }
        : null,
    rolesAdded: p.rolesAdded,
    rolesRemoved: p.rolesRemoved,
    notInRoleMapping: p.notInRoleMappingEntered,
  };
}

// The apply step's writer for one chunk: collects moves and role changes, written in bulk by `flush`.
class BatchWriter implements MappingWriter {
  private readonly moves = new Map<string, string[]>();
  private readonly grants: { userId: string; roleId: string; source: string }[] = [];
  private readonly revokes: { userId: string; roleId: string }[] = [];
  private readonly roleMappingState = new Map<boolean, string[]>([
    [true, []],
    [false, []],
  ]);

  constructor(
    private readonly tx: Repositories,
    private readonly ids: Ids,
    private readonly log: ChangeRecorder,
    private readonly orgs: OrgIndex,
  ) {}

  /** Applies one user's plan; returns the organization they end up in. */
  async apply(plan: UserMappingPlan, user: Parameters<typeof applyUserMappingPlan>[1]): Promise<string> {
    const orgId = await applyUserMappingPlan(plan, user, this.orgs, this, this.log);
    if (orgId !== user.orgId) {
      const list = this.moves.get(orgId) ?? [];
      list.push(user.id);
      this.moves.set(orgId, list);
    }
    return orgId;
  }

  async organizationNamed(name: string): Promise<Organization> {
    return this.orgs.findByName(name.slice(0, 200)) ?? createByName(this.tx, this.ids, this.log, this.orgs, name);
  }

  async setNotInRoleMapping(userId: string, value: boolean): Promise<void> {
    this.roleMappingState.get(value)?.push(userId);
  }

  async changeRoles(
    userId: string,
    removed: readonly string[],
    added: readonly string[],
    source: string | null,
  ): Promise<void> {
    for (const roleId of removed) this.revokes.push({ userId, roleId });
    if (source) for (const roleId of added) this.grants.push({ userId, roleId, source });
  }

  async flush(tenantId: string, providerId: string): Promise<void> {
    for (const [orgId, userIds] of this.moves)
      await this.tx.users.moveToOrganization(tenantId, providerId, userIds, orgId, this.log.at);
    await this.tx.roles.revokeMany(tenantId, this.revokes);
    await this.tx.roles.assignMany(tenantId, this.grants, this.log.at);
    for (const [value, userIds] of this.roleMappingState)
      if (userIds.length > 0) await this.tx.users.setNotInRoleMapping(tenantId, userIds, value);
    await this.tx.syncLog.append(this.log.entries);
  }
}
