// Re-evaluates users' organization and roles under their provider's mapping (SPEC C3: "on every
// change to a user or to group membership", and "Apply organization and role
// settings"). Two steps, shared by the per-request path and Apply so the rules live in one place:
//   plan   core/mapping's pure plan, given preloaded data (groups, grants, an organization index);
//   apply  `applyUserMappingPlan`: resolves the target organization (creating one named by
//          `orgName` or a custom attribute under the root when missing), hands the role changes
//          to a `MappingWriter` and records the sync-log entries (SPEC C5).
// The per-request path loads the few rows one user needs (O(1) queries) and writes directly; Apply
// batch-loads a chunk of users and writes through a batching writer (mapping-apply-service.ts).
import type { Organization } from '../directory/organization.js';
import { findRoleById } from '../directory/roles-catalogue.js';
import type { User } from '../directory/user.js';
import { DomainError } from '../errors.js';
import { mappingActive, usesGroups } from '../mapping/mapping-references.js';
import {
  planUserMapping,
  type MappingSettings,
  type OrgDirectory,
  type UserMappingPlan,
} from '../mapping/mapping-plan.js';
import { orgResolver } from '../mapping/org-mapping.js';
import type { Ids, Repositories } from '../ports.js';
import type { ProvisioningContext } from './context.js';
import type { ChangeRecorder } from './provisioning-log.js';

/** What evaluating a user changed; the caller writes `orgId` onto the user row. */
export interface MappingOutcome {
  orgId: string;
  plan: UserMappingPlan;
}

/** The provider's settings, as the authenticated provider carries them. */
export function settingsOf(ctx: Pick<ProvisioningContext, 'provider'>): MappingSettings {
  return { orgMapping: ctx.provider.orgMapping, roleMapping: ctx.provider.roleMapping };
}

/** Organizations preloaded for planning: by id and by lower-cased name (names are unique per tenant, case-insensitively). */
export class OrgIndex {
  readonly byId = new Map<string, Organization>();
  private readonly byName = new Map<string, Organization>();

  constructor(
    readonly root: Organization,
    orgs: Iterable<Organization> = [],
  ) {
    this.add(root);
    for (const o of orgs) this.add(o);
  }

  add(o: Organization): void {
    this.byId.set(o.id, o);
    this.byName.set(o.name.toLowerCase(), o);
  }

  /** As `OrganizationRepository.findByName` matches: trimmed, case-insensitive. */
  findByName(name: string): Organization | undefined {
    return this.byName.get(name.trim().toLowerCase());
  }

  /** The plan's view; it sees organizations added later (created during an Apply run). */
  directory(): OrgDirectory {
    return {
      rootOrgId: this.root.id,
      orgIdByName: (name) => this.findByName(name)?.id,
      defaultRoles: (id) => this.byId.get(id)?.defaultRoles ?? this.root.defaultRoles,
    };
  }
}

/** Why a user is being evaluated: what to log beyond the changes themselves. */
export interface EvaluationOptions {
  /** The user was just created: log ignored roles even if nothing changes. */
  created?: boolean;
  /** The provider sent a changed `roles` attribute: log the roles it may not change. */
  rolesSent?: boolean;
}

/** Where the apply step writes: directly (one user per request) or batched (Apply over a provider). */
export interface MappingWriter {
  /** The organization called `name`, created under the root (and recorded) when missing — once per name. */
  organizationNamed(name: string): Promise<Organization>;
  /** Records whether the user is in no group of the role mapping (only called when that changes). */
  setNotInRoleMapping(userId: string, value: boolean): Promise<void>;
  /** Revokes then grants the user's role changes. */
  changeRoles(
    userId: string,
    removed: readonly string[],
    added: readonly string[],
    source: string | null,
  ): Promise<void>;
}

/**
 * The apply step: carries out `plan` for `user` through `writer` and records the sync-log entries;
 * returns the organization the user ends up in (the caller writes it onto the user row). A user
 * who enters the "in no mapped group" state is logged "Not in Role Mapping" once, whether or not
 * their roles change (the defaults may already be in place); the state is recorded on the user.
 */
export async function applyUserMappingPlan(
  plan: UserMappingPlan,
  user: Pick<User, 'id' | 'orgId' | 'profile'> & Partial<Pick<User, 'notInRoleMapping'>>,
  orgs: OrgIndex,
  writer: MappingWriter,
  log: ChangeRecorder,
  opts: EvaluationOptions = {},
): Promise<string> {
  let orgId = user.orgId;
  if (plan.orgChanged) {
    const target =
      plan.orgToId === null && plan.orgTo.kind === 'byName'
        ? await writer.organizationNamed(plan.orgTo.name)
        : orgs.byId.get(plan.orgToId ?? '');
    if (target) {
      orgId = target.id;
      log.add('Modified', user, {
        attribute: 'organization',
        oldValue: orgs.byId.get(user.orgId)?.name ?? user.orgId,
        newValue: target.name,
      });
    } else {
      log.add('Sync Failure', user, {
        attribute: 'organization',
        newValue: plan.orgToId,
        detail: 'The organization the mapping names no longer exists; the user was not moved',
      });
    }
  }
  await writer.changeRoles(user.id, plan.rolesRemoved, plan.rolesAdded, plan.rolesSource);
  for (const r of plan.rolesRemoved) log.add('Modified', user, { attribute: 'role', oldValue: roleName(r) });
  for (const r of plan.rolesAdded) log.add('Modified', user, { attribute: 'role', newValue: roleName(r) });
  // A role a directory-sync provider may not change is ignored and logged — once,
  // when the provider sends it, not on every later change to the user or on Apply.
  if (opts.created || opts.rolesSent) {
    for (const r of plan.rolesIgnored)
      log.add('Sync Failure', user, {
        attribute: 'role',
        newValue: roleName(r),
        detail: 'Not among the roles this directory-sync provider may change (managed roles); ignored',
      });
    for (const name of plan.rolesUnknown)
      log.add('Sync Failure', user, { attribute: 'role', newValue: name, detail: 'Names no Roster role; ignored' });
  }
  if (plan.notInRoleMapping !== (user.notInRoleMapping ?? false)) {
    await writer.setNotInRoleMapping(user.id, plan.notInRoleMapping);
    user.notInRoleMapping = plan.notInRoleMapping;
  }
  if (plan.notInRoleMappingEntered) {
    log.add('Not in Role Mapping', user, {
      attribute: 'role',
      detail: 'The user is in no group of the role mapping and has the default roles of their organization',
    });
  }
  return orgId;
}

/**
 * Plans and applies the mapping for `user` (already stored), one request's worth. Undefined when
 * the provider has no mapping (behaviour before mappings existed: nothing moves).
 */
export async function evaluateUserMapping(
  tx: Repositories,
  ids: Ids,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  user: User,
  opts: EvaluationOptions = {},
): Promise<MappingOutcome | undefined> {
  const settings = settingsOf(ctx);
  if (!mappingActive(settings.orgMapping, settings.roleMapping)) return undefined;
  const groupIds = usesGroups(settings.orgMapping, settings.roleMapping)
    ? (await tx.users.groupsOf(ctx.tenantId, user.id)).map((g) => g.id)
    : [];
  const roles = settings.roleMapping.method === 'manual' ? [] : await tx.roles.rolesOf(ctx.tenantId, user.id);
  const root = await tx.organizations.findRoot(ctx.tenantId);
  if (!root) throw new DomainError('organization.not_found', { id: 'root' });
  const orgs = await loadOrganizations(tx, ctx, settings, user, groupIds, root);
  const plan = planUserMapping(settings, { user, groupIds, roles }, orgs.directory());
  const writer: MappingWriter = {
    organizationNamed: async (name) => orgs.findByName(name.slice(0, 200)) ?? createByName(tx, ids, log, orgs, name),
    setNotInRoleMapping: (userId, value) => tx.users.setNotInRoleMapping(ctx.tenantId, [userId], value),
    changeRoles: async (userId, removed, added, source) => {
      await tx.roles.revoke(ctx.tenantId, userId, removed);
      if (source) await tx.roles.assign(ctx.tenantId, userId, added, source, log.at);
    },
  };
  const orgId = await applyUserMappingPlan(plan, user, orgs, writer, log, opts);
  return { orgId, plan };
}

// Only the organizations this user's plan can touch: the root, where they are, and where they go.
async function loadOrganizations(
  tx: Repositories,
  ctx: ProvisioningContext,
  settings: MappingSettings,
  user: User,
  groupIds: readonly string[],
  root: Organization,
): Promise<OrgIndex> {
  const orgs = new OrgIndex(root);
  const add = async (id: string): Promise<void> => {
    if (orgs.byId.has(id)) return;
    const o = await tx.organizations.findById(ctx.tenantId, id);
    if (o) orgs.add(o);
  };
  await add(user.orgId);
  const to = orgResolver(settings.orgMapping)({
    profile: user.profile,
    groupIds,
    current: { orgId: user.orgId, rootOrgId: root.id },
  });
  if (to.kind === 'byName') {
    const named = await tx.organizations.findByName(ctx.tenantId, to.name);
    if (named) orgs.add(named);
  } else if (to.kind !== 'root') {
    await add(to.orgId);
  }
  return orgs;
}

/**
 * SPEC C3: an organization named by `orgName` or a custom attribute is created under the root,
 * inheriting the root's settings (as OrganizationService.create does); it joins `orgs`.
 */
export async function createByName(
  tx: Repositories,
  ids: Ids,
  log: ChangeRecorder,
  orgs: OrgIndex,
  name: string,
): Promise<Organization> {
  const root = orgs.root;
  const org: Organization = {
    id: ids.newId(),
    tenantId: root.tenantId,
    parentId: root.id,
    name: name.trim().slice(0, 200),
    status: 'active',
    defaultRoles: root.defaultRoles,
    coldStorageDays: root.coldStorageDays,
    createdAt: log.at,
    updatedAt: log.at,
  };
  // A concurrent request may create the same name first: then this one joins that organization.
  const { org: stored, created } = await tx.organizations.insertOrGetByName(org);
  orgs.add(stored);
  if (created)
    log.add('Created', null, {
      attribute: 'organization',
      newValue: stored.name,
      detail: 'Created by organization mapping under the root organization',
    });
  return stored;
}

/** A role's catalogue name, for the sync log. */
export function roleName(id: string): string {
  return findRoleById(id)?.name ?? id;
}
