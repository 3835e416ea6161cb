// Re-evaluates one user's organization and roles under their provider's mapping (SPEC C3: "on
// every change to a user or to group membership"), inside the caller's transaction. The decision
// is core/mapping's pure plan; this file loads the few rows it needs (O(1) queries per user: the
// provider's settings come with the authenticated provider), creates an organization named by
// `orgName` or a custom attribute under the root when missing, writes the role rows and records
// the changes in the sync log (SPEC C5).
import type { Organization } from '../directory/organization.js';
import { findRoleById } from '../directory/roles-catalogue.js';
import type { User } from '../directory/user.js';
import { DomainError } from '../errors.js';
import { mappingActive, usesGroups } from '../mapping/mapping-references.js';
import { planUserMapping, type MappingSettings, type OrgDirectory, type UserMappingPlan } from '../mapping/mapping-plan.js';
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
export function settingsOf(ctx: ProvisioningContext): MappingSettings {
  return { orgMapping: ctx.provider.orgMapping, roleMapping: ctx.provider.roleMapping };
}

/**
 * Plans and applies the mapping for `user` (already stored). Undefined when the provider has no
 * mapping (behaviour before mappings existed: nothing moves). With `created`, a user in no mapped
 * group is logged "Not in Role Mapping" even though the defaults they got are already in place.
 */
export async function evaluateUserMapping(tx: Repositories, ids: Ids, ctx: ProvisioningContext, log: ChangeRecorder, user: User, opts: { created?: boolean } = {}): Promise<MappingOutcome | undefined> {
  const settings = settingsOf(ctx);
  if (!mappingActive(settings.orgMapping, settings.roleMapping)) return undefined;
  const groupIds = usesGroups(settings.orgMapping, settings.roleMapping) ? (await tx.users.groupsOf(ctx.tenantId, user.id)).map((g) => g.id) : [];
  const roles = settings.roleMapping.method === 'manual' ? [] : await tx.roles.rolesOf(ctx.tenantId, user.id);
  const root = await tx.organizations.findRoot(ctx.tenantId);
  if (!root) throw new DomainError('organization.not_found', { organization: 'root' });
  const orgs = await loadOrganizations(tx, ctx, settings, user, groupIds, root);
  const plan = planUserMapping(settings, { user, groupIds, roles }, orgs.directory);
  let orgId = user.orgId;
  if (plan.orgChanged) {
    const target = plan.orgToId === null && plan.orgTo.kind === 'byName' ? await createByName(tx, ids, log, root, plan.orgTo.name) : orgs.byId.get(plan.orgToId ?? '');
    if (target) {
      orgId = target.id;
      log.add('Modified', user, { attribute: 'organization', oldValue: orgs.byId.get(user.orgId)?.name ?? user.orgId, newValue: target.name });
    } else {
      log.add('Sync Failure', user, { attribute: 'organization', newValue: plan.orgToId, detail: 'The organization the mapping names no longer exists; the user was not moved' });
    }
  }
  await tx.roles.revoke(ctx.tenantId, user.id, plan.rolesRemoved);
  if (plan.rolesSource) await tx.roles.assign(ctx.tenantId, user.id, plan.rolesAdded, plan.rolesSource, log.at);
  for (const r of plan.rolesRemoved) log.add('Modified', user, { attribute: 'role', oldValue: roleName(r) });
  for (const r of plan.rolesAdded) log.add('Modified', user, { attribute: 'role', newValue: roleName(r) });
  const rolesChanged = plan.rolesAdded.length + plan.rolesRemoved.length > 0;
  if (plan.notInRoleMapping && (opts.created || rolesChanged || orgId !== user.orgId)) {
    log.add('Not in Role Mapping', user, { attribute: 'role', detail: 'The user is in no group of the role mapping and has the default roles of their organization' });
  }
  return { orgId, plan };
}

interface LoadedOrganizations {
  byId: Map<string, Organization>;
  directory: OrgDirectory;
}

// Only the organizations this user's plan can touch: the root, where they are, and where they go.
async function loadOrganizations(tx: Repositories, ctx: ProvisioningContext, settings: MappingSettings, user: User, groupIds: readonly string[], root: Organization): Promise<LoadedOrganizations> {
  const byId = new Map<string, Organization>([[root.id, root]]);
  const add = async (id: string): Promise<void> => {
    if (byId.has(id)) return;
    const o = await tx.organizations.findById(ctx.tenantId, id);
    if (o) byId.set(o.id, o);
  };
  await add(user.orgId);
  const to = orgResolver(settings.orgMapping)({ profile: user.profile, groupIds, current: { orgId: user.orgId, rootOrgId: root.id } });
  let named: Organization | undefined;
  if (to.kind === 'byName') {
    named = await tx.organizations.findByName(ctx.tenantId, to.name);
    if (named) byId.set(named.id, named);
  } else if (to.kind !== 'root') {
    await add(to.orgId);
  }
  const directory: OrgDirectory = {
    rootOrgId: root.id,
    orgIdByName: (name) => (named && named.name.toLowerCase() === name.trim().toLowerCase() ? named.id : undefined),
    defaultRoles: (id) => byId.get(id)?.defaultRoles ?? root.defaultRoles,
  };
  return { byId, directory };
}

// SPEC C3: an organization named by `orgName` or a custom attribute is created under the root,
// inheriting the root's settings (as OrganizationService.create does).
async function createByName(tx: Repositories, ids: Ids, log: ChangeRecorder, root: Organization, name: string): Promise<Organization> {
  const org: Organization = {
    id: ids.newId(), tenantId: root.tenantId, parentId: root.id, name: name.slice(0, 200), status: 'active',
    defaultRoles: root.defaultRoles, coldStorageDays: root.coldStorageDays, createdAt: log.at, updatedAt: log.at,
  };
  await tx.organizations.insert(org);
  log.add('Created', null, { attribute: 'organization', newValue: org.name, detail: 'Created by organization mapping under the root organization' });
  return org;
}

function roleName(id: string): string {
  return findRoleById(id)?.name ?? id;
}
