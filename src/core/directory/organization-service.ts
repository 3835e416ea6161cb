import { DomainError } from '../errors.js';
import type { Clock, Ids, Store } from '../ports.js';
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
      const parent = input.parentId ? await tx.organizations.findById(tenantId, input.parentId) : await tx.organizations.findRoot(tenantId);
      if (!parent) throw new DomainError('organization.not_found', { field: 'parentId', id: input.parentId ?? 'root' });
      if (await tx.organizations.findByName(tenantId, name)) throw new DomainError('organization.name_taken', { name });
      const now = this.clock.now().toISOString();
      const org: Organization = { id: this.ids.newId(), tenantId, parentId: parent.id, name, status: 'active', defaultRoles: parent.defaultRoles, coldStorageDays: parent.coldStorageDays, createdAt: now, updatedAt: now };
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
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > 200) throw new DomainError('input.invalid', { field: 'name', reason: 'name must be 1–200 characters' });
  return trimmed;
}
