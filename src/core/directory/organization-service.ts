import { DomainError } from '../errors.js';
import type { Clock, Ids, Store } from '../ports.js';
import { readAccess, runCommand, type CommandDeps } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';
import { orgMappingReferences } from '../mapping/mapping-references.js';
import { findRoleById } from './roles-catalogue.js';
import {
  buildTree,
  effectiveMfaRequired,
  isSelfOrAncestor,
  type Organization,
  type OrganizationNode,
} from './organization.js';

/** What PATCH /organizations/{id} may change at once (STYLE habit 11: one request, one command). */
export interface OrganizationChanges {
  name?: string;
  parentId?: string;
  defaultRoles?: readonly string[];
  coldStorageDays?: number;
  /** Settings users inherit down the tree; null returns to inheriting (SPEC C6 MFA). */
  settings?: { mfaRequired?: boolean | null };
}

/** Organizations: the tree every user lives in (SPEC C1). Every command checks the caller's scope first (SPEC C6). */
export class OrganizationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  private get deps(): CommandDeps {
    return { store: this.store, clock: this.clock, ids: this.ids };
  }

  /** Adds a child organization; parent defaults to the root. Names are unique per tenant, case-insensitively. */
  async create(actor: Principal, input: { name: string; parentId?: string | null }): Promise<Organization> {
    const name = checkName(input.name);
    return runCommand(this.deps, actor, async ({ tx, access, now, audit }) => {
      const tenantId = actor.tenantId;
      const parent = input.parentId
        ? await tx.organizations.findById(tenantId, input.parentId)
        : await tx.organizations.findRoot(tenantId);
      if (!parent) throw new DomainError('organization.not_found', { field: 'parentId', id: input.parentId ?? 'root' });
      await access.overOrganization('organizations.create_deactivate', parent.id, 'parentId');
      if (await tx.organizations.findByName(tenantId, name)) throw new DomainError('organization.name_taken', { name });
      const org: Organization = {
        id: this.ids.newId(),
        tenantId,
        parentId: parent.id,
        name,
        status: 'active',
        defaultRoles: parent.defaultRoles,
        coldStorageDays: parent.coldStorageDays,
        createdAt: now,
        updatedAt: now,
      };
      await tx.organizations.insert(org);
      await audit({ action: 'organization.create', targetType: 'organization', targetId: org.id, after: org });
      return org;
    });
  }

  /** The organization tree as far as the caller may read it: root first, or the subtree(s) of their scope. */
  async tree(actor: Principal): Promise<OrganizationNode[]> {
    const reach = await readAccess(this.store, actor).reach('organizations.read');
    const orgs = await this.store.repos.organizations.list(actor.tenantId);
    if (reach.all) return buildTree(orgs);
    // A visible organization whose parent is hidden becomes a root of the caller's forest.
    const visible = orgs.filter((o) => reach.orgIds.has(o.id));
    return buildTree(visible.map((o) => (o.parentId && reach.orgIds.has(o.parentId) ? o : { ...o, parentId: null })));
  }

  /**
   * The settings in force in each organization of the tenant, inherited ones resolved (SPEC C6:
   * MFA required). For the DTOs of organizations the caller was allowed to read.
   */
  async effective(actor: Principal): Promise<Map<string, { mfaRequired: boolean }>> {
    const orgs = await this.store.repos.organizations.list(actor.tenantId);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    return new Map(orgs.map((o) => [o.id, { mfaRequired: effectiveMfaRequired(byId, o.id) }]));
  }

  /** One organization. */
  async get(actor: Principal, id: string): Promise<Organization> {
    const org = await this.store.repos.organizations.findById(actor.tenantId, id);
    if (!org) throw new DomainError('organization.not_found', { id });
    await readAccess(this.store, actor).overOrganization('organizations.read', id);
    return org;
  }

  /** Looks an organization up by name (case-insensitive). */
  async findByName(actor: Principal, name: string): Promise<Organization> {
    const org = await this.store.repos.organizations.findByName(actor.tenantId, name);
    if (!org) throw new DomainError('organization.not_found', { name });
    await readAccess(this.store, actor).overOrganization('organizations.read', org.id);
    return org;
  }

  /**
   * Renames, moves and edits the settings users inherit (default roles, cold-storage days) in one
   * transaction: every permission is checked and every value validated before anything is written,
   * so a refused part leaves the organization as it was (STYLE habit 11). Moving needs
   * organizations.create_deactivate over the organization and its new parent; a name or a setting
   * needs settings.update.
   */
  async update(actor: Principal, id: string, changes: OrganizationChanges): Promise<Organization> {
    const name = changes.name === undefined ? undefined : checkName(changes.name);
    const defaultRoles = changes.defaultRoles === undefined ? undefined : checkRoles(changes.defaultRoles);
    const days = changes.coldStorageDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1))
      throw new DomainError('input.invalid', { field: 'coldStorageDays', reason: 'must be an integer of at least 1' });
    return runCommand(this.deps, actor, async ({ tx, access, now, audit }) => {
      const tenantId = actor.tenantId;
      const all = new Map((await tx.organizations.list(tenantId)).map((o) => [o.id, o]));
      const org = all.get(id);
      if (!org) throw new DomainError('organization.not_found', { id });
      const { parentId } = changes;
      if (parentId !== undefined) {
        await access.overOrganization('organizations.create_deactivate', id);
        if (!all.has(parentId)) throw new DomainError('organization.not_found', { field: 'parentId', id: parentId });
        await access.overOrganization('organizations.create_deactivate', parentId, 'parentId');
      }
      const mfaRequired = changes.settings?.mfaRequired;
      if (name !== undefined || defaultRoles !== undefined || days !== undefined || mfaRequired !== undefined)
        await access.overOrganization('settings.update', id);
      if (parentId !== undefined && parentId !== org.parentId) {
        if (org.parentId === null) throw new DomainError('organization.root_immutable', { id });
        if (isSelfOrAncestor(all, id, parentId)) throw new DomainError('organization.cycle', { id, parentId });
      }
      if (name !== undefined) {
        const holder = await tx.organizations.findByName(tenantId, name);
        if (holder && holder.id !== id) throw new DomainError('organization.name_taken', { name });
      }
      const next: Organization = {
        ...org,
        ...(name !== undefined ? { name } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
        ...(defaultRoles ? { defaultRoles } : {}),
        ...(days !== undefined ? { coldStorageDays: days } : {}),
        ...(mfaRequired !== undefined ? { mfaRequired } : {}),
        updatedAt: now,
      };
      await tx.organizations.update(next);
      await audit({
        action: 'organization.update',
        targetType: 'organization',
        targetId: id,
        before: org,
        after: next,
      });
      return next;
    });
  }

  /** Deletes an organization nothing refers to: not the root, no users, no child organizations, no provider's mapping. */
  async delete(actor: Principal, id: string): Promise<void> {
    await runCommand(this.deps, actor, async ({ tx, access, audit }) => {
      const tenantId = actor.tenantId;
      const org = await tx.organizations.findById(tenantId, id);
      if (!org) throw new DomainError('organization.not_found', { id });
      await access.overOrganization('organizations.create_deactivate', id);
      if (org.parentId === null) throw new DomainError('organization.root_immutable', { id });
      const users = await tx.users.countByOrganization(tenantId, id);
      const children = await tx.organizations.countChildren(tenantId, id);
      // SPEC "Bad input": an organization a provider's mapping sends users to cannot disappear under it.
      const mappings = (await tx.providers.list(tenantId)).flatMap((p) =>
        orgMappingReferences(p.orgMapping)
          .filter((r) => r.kind === 'organization' && r.id === id)
          .map((r) => `the organization mapping of provider "${p.name}" (${r.field})`),
      );
      const refs = [
        users > 0 ? `${users} user(s)` : '',
        children > 0 ? `${children} child organization(s)` : '',
        ...mappings,
      ].filter((r) => r !== '');
      if (refs.length > 0)
        throw new DomainError('organization.in_use', { id, reason: refs.join(' and '), users, children, mappings });
      await tx.organizations.delete(tenantId, id);
      await audit({ action: 'organization.delete', targetType: 'organization', targetId: id, before: org });
    });
  }
}

function checkRoles(roleIds: readonly string[]): string[] {
  const unique = [...new Set(roleIds)];
  const unknown = unique.filter((r) => findRoleById(r) === undefined);
  if (unknown.length > 0)
    throw new DomainError('input.invalid', {
      field: 'defaultRoles',
      reason: `not in the roles catalogue: ${unknown.join(', ')}`,
    });
  return unique;
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > 200)
    throw new DomainError('input.invalid', { field: 'name', reason: 'name must be 1–200 characters' });
  return trimmed;
}
