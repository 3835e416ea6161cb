import { findRoleById } from '../directory/roles-catalogue.js';
import { DomainError } from '../errors.js';
import { orgMappingReferences, roleMappingReferences, type MappingReference } from '../mapping/mapping-references.js';
import type { MappingSettings } from '../mapping/mapping-plan.js';
import { checkOrgMapping, type OrgMappingConfig } from '../mapping/org-mapping.js';
import { checkRoleMapping, type RoleMappingConfig } from '../mapping/role-mapping.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { Provider } from './provider.js';
import { readAccess, runCommand } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';

/** A provider's organization and role mapping as an administrator edits them (SPEC C3). */
export interface MappingSettingsInput {
  organization: OrgMappingConfig;
  roles: RoleMappingConfig;
}

/** The mapping API's limit on a provider's groups listed at once (as many as a mapping may name). */
export const MAPPABLE_GROUPS_LIMIT = 10_000;

/** Reads and edits each provider's mapping settings; everything they name must exist. */
export class ProviderMappingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** The provider's current settings. */
  async get(actor: Principal, providerId: string): Promise<MappingSettings> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    const p = await this.store.repos.providers.findById(actor.tenantId, providerId);
    if (!p) throw new DomainError('provider.not_found', { id: providerId });
    return { orgMapping: p.orgMapping, roleMapping: p.roleMapping };
  }

  /**
   * The provider's SCIM groups by name, for the mapping dialogs (SPEC C3: only groups that were
   * pushed can be mapped). At most MAPPABLE_GROUPS_LIMIT; `truncated` says when there are more.
   */
  async groups(
    actor: Principal,
    providerId: string,
  ): Promise<{ groups: { id: string; displayName: string }[]; truncated: boolean }> {
    readAccess(this.store, actor).requireTenantWide('identity_management.manage');
    const tenantId = actor.tenantId;
    const p = await this.store.repos.providers.findById(tenantId, providerId);
    if (!p) throw new DomainError('provider.not_found', { id: providerId });
    const page = await this.store.repos.groups.listForProvider(tenantId, providerId, {
      sort: { field: 'displayName', direction: 'asc' },
      offset: 0,
      limit: MAPPABLE_GROUPS_LIMIT,
    });
    return {
      groups: page.items.map((g) => ({ id: g.id, displayName: g.displayName })),
      truncated: page.total > page.items.length,
    };
  }

  /**
   * Replaces both settings. Shape rules come from core/mapping; then every organization, group
   * (of this provider) and role named must exist, or the field naming it is reported (bad input).
   */
  async set(actor: Principal, providerId: string, input: MappingSettingsInput): Promise<MappingSettings> {
    const tenantId = actor.tenantId;
    const org = checkOrgMapping(input.organization);
    if (!org.ok)
      throw new DomainError('input.invalid', { field: `organization.${org.error.field}`, reason: org.error.detail });
    const roles = checkRoleMapping(input.roles);
    if (!roles.ok)
      throw new DomainError('input.invalid', { field: `roles.${roles.error.field}`, reason: roles.error.detail });
    const deps = { store: this.store, clock: this.clock, ids: this.ids };
    return runCommand(deps, actor, async ({ tx, access, now, audit }) => {
      access.requireTenantWide('identity_management.manage');
      const p = await tx.providers.findById(tenantId, providerId, { forUpdate: true });
      if (!p) throw new DomainError('provider.not_found', { id: providerId });
      checkMethodsFor(p, org.value, roles.value);
      for (const ref of [...orgMappingReferences(org.value), ...roleMappingReferences(roles.value)])
        await checkExists(tx, tenantId, providerId, ref);
      // SPEC C3: "in no mapped group" exists only under a groups → roles mapping; when that mapping
      // goes, so does the state, and a later groups mapping logs its users afresh.
      if (p.roleMapping.method === 'groups' && roles.value.method !== 'groups')
        await tx.users.clearNotInRoleMapping(tenantId, providerId);
      await tx.providers.update({
        ...p,
        orgMapping: org.value,
        roleMapping: roles.value,
        updatedAt: now,
      });
      await audit({
        action: 'provider.mapping.set',
        targetType: 'provider',
        targetId: providerId,
        before: { orgMapping: p.orgMapping, roleMapping: p.roleMapping },
        after: { orgMapping: org.value, roleMapping: roles.value },
      });
      return { orgMapping: org.value, roleMapping: roles.value };
    });
  }
}

/**
 * Which methods each provider type offers (seeds/002): a directory-sync provider's organization
 * mapping is "disabled within the administration console" (its organization script decides, sent
 * in orgName) and its role mapping is manual or a selection of managed roles; a SCIM provider has
 * the four organization methods and manual or group role mapping.
 */
function checkMethodsFor(p: Provider, org: OrgMappingConfig, roles: RoleMappingConfig): void {
  if (p.type === 'dirsync') {
    if (org.method !== 'directorySync')
      throw new DomainError('input.invalid', {
        field: 'organization.method',
        reason:
          'organization mapping is disabled for a directory-sync provider: its organization ' +
          'script sends the organization in orgName; use {"method":"directorySync"}',
      });
    if (roles.method === 'groups')
      throw new DomainError('input.invalid', {
        field: 'roles.method',
        reason:
          'a directory-sync provider maps roles manually or through managed roles ({"method":"managed","roleIds":[…]}), not through SCIM groups',
      });
    return;
  }
  if (org.method === 'directorySync')
    throw new DomainError('input.invalid', {
      field: 'organization.method',
      reason: 'directorySync is the organization method of directory-sync providers only',
    });
  if (roles.method === 'managed')
    throw new DomainError('input.invalid', {
      field: 'roles.method',
      reason:
        'managed roles apply to directory-sync providers only; a SCIM provider maps roles manually or from SCIM groups',
    });
}

async function checkExists(
  tx: Repositories,
  tenantId: string,
  providerId: string,
  ref: MappingReference,
): Promise<void> {
  const invalid = (reason: string): DomainError => new DomainError('input.invalid', { field: ref.field, reason });
  if (ref.kind === 'role') {
    if (!findRoleById(ref.id)) throw invalid(`role "${ref.id}" is not in the roles catalogue`);
  } else if (ref.kind === 'organization') {
    if (!(await tx.organizations.findById(tenantId, ref.id))) throw invalid(`organization "${ref.id}" does not exist`);
  } else {
    const group = await tx.groups.findById(tenantId, ref.id);
    if (!group) throw invalid(`group "${ref.id}" does not exist`);
    if (group.providerId !== providerId) throw invalid(`group "${ref.id}" belongs to another provider`);
  }
}
