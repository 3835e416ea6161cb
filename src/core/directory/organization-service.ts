import { DomainError } from '../errors.js';
import type { Clock, Ids, Store } from '../ports.js';
import { orgMappingReferences } from '../mapping/mapping-references.js';
import { findRoleById } from './roles-catalogue.js';
import { buildTree, isSelfOrAncestor, type Organization, type OrganizationNode } from './organization.js';

/** Organizations: the tree every user lives in (SPEC C1). */
export class OrganizationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Adds a child organization; parent defaults to the root. Names are unique per tenant, case-insensitively. */
  async create(tenantId: string, input: { name: string; parentId?: string | null }): Promise<Organization> {
    const name = checkName(input.name);
    return this.store.transaction(async (tx) => {
      const parent = input.parentId
        ? await tx.organizations.findById(tenantId, input.parentId)
        : await tx.organizations.findRoot(tenantId);
      if (!parent) throw new DomainError('organization.not_found', { field: 'parentId', id: input.parentId ?? 'root' });
      if (await tx.organizations.findByName(tenantId, name)) throw new DomainError('organization.name_taken', { name });
      const now = this.clock.now().toISOString();
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
      return org;
    });
  }

  /** The organization tree, root first. */
  async tree(tenantId: string): Promise<OrganizationNode[]> {
    return buildTree(await this.store.repos.organizations.list(tenantId));
  }

  /** One organization. */
  async get(tenantId: string, id: string): Promise<Organization> {
    const org = await this.store.repos.organizations.findById(tenantId, id);
    if (!org) throw new DomainError('organization.not_found', { id });
    return org;
  }

  /** Looks an organization up by name (case-insensitive). */
  async findByName(tenantId: string, name: string): Promise<Organization> {
    const org = await this.store.repos.organizations.findByName(tenantId, name);
    if (!org) throw new DomainError('organization.not_found', { name });
    return org;
  }

  /** Renames an organization. */
  async rename(tenantId: string, id: string, newName: string): Promise<Organization> {
    const name = checkName(newName);
    return this.store.transaction(async (tx) => {
      const org = await tx.organizations.findById(tenantId, id);
      if (!org) throw new DomainError('organization.not_found', { id });
      const holder = await tx.organizations.findByName(tenantId, name);
      if (holder && holder.id !== id) throw new DomainError('organization.name_taken', { name });
      const next = { ...org, name, updatedAt: this.clock.now().toISOString() };
      await tx.organizations.update(next);
      return next;
    });
  }

  /** Moves an organization under a new parent; the root cannot move and no cycle may form. */
  async move(tenantId: string, id: string, parentId: string): Promise<Organization> {
    return this.store.transaction(async (tx) => {
      const all = new Map((await tx.organizations.list(tenantId)).map((o) => [o.id, o]));
      const org = all.get(id);
      if (!org) throw new DomainError('organization.not_found', { id });
      if (org.parentId === null) throw new DomainError('organization.root_immutable', { id });
      if (!all.has(parentId)) throw new DomainError('organization.not_found', { field: 'parentId', id: parentId });
      if (isSelfOrAncestor(all, id, parentId)) throw new DomainError('organization.cycle', { id, parentId });
      const next = { ...org, parentId, updatedAt: this.clock.now().toISOString() };
      await tx.organizations.update(next);
      return next;
    });
  }

  /** Edits the settings users inherit: default roles (catalogue ids) and the cold-storage period in days (SPEC C1). */
  async updateSettings(
    tenantId: string,
    id: string,
    settings: { defaultRoles?: readonly string[]; coldStorageDays?: number },
  ): Promise<Organization> {
    const defaultRoles = settings.defaultRoles === undefined ? undefined : checkRoles(settings.defaultRoles);
    const days = settings.coldStorageDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1))
      throw new DomainError('input.invalid', { field: 'coldStorageDays', reason: 'must be an integer of at least 1' });
    return this.store.transaction(async (tx) => {
      const org = await tx.organizations.findById(tenantId, id);
      if (!org) throw new DomainError('organization.not_found', { id });
      const next: Organization = {
        ...org,
        ...(defaultRoles ? { defaultRoles } : {}),
        ...(days !== undefined ? { coldStorageDays: days } : {}),
        updatedAt: this.clock.now().toISOString(),
      };
      await tx.organizations.update(next);
      return next;
    });
  }

  /** Deletes an organization nothing refers to: not the root, no users, no child organizations, no provider's mapping. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const org = await tx.organizations.findById(tenantId, id);
      if (!org) throw new DomainError('organization.not_found', { id });
      if (org.parentId === null) throw new DomainError('organization.root_immutable', { id });
      const users = await tx.users.countByOrganization(tenantId, id);
      const children = await tx.organizations.countChildren(tenantId, id);
      // Issue 3 bad input: an organization a provider's mapping sends users to cannot disappear under it.
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
