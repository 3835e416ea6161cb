import type { Organization } from '../directory/organization.js';
import type { Permission } from '../directory/roles-catalogue.js';
import { DomainError } from '../errors.js';
import type { Repositories } from '../ports.js';
import type { Principal, RoleGrant } from './principal.js';

/** The thing an admin command is about, for scope checks (SPEC C1 "scope of permissions"). */
export type ScopeTarget = { kind: 'user'; id: string; orgId: string } | { kind: 'organization'; id: string };

/** Where a permission applies, for filtering lists: everywhere, some organizations, or only the holder. */
export type Reach = { all: true } | { all: false; orgIds: ReadonlySet<string>; selfUserId: string | null };

// Holding any of these over a target means its existence is no secret to the caller.
const VISIBILITY: readonly Permission[] = ['users.read', 'devices.read', 'organizations.read'];

/**
 * Permission checks by role scope (SPEC C1, C6), run first in every admin command, inside its
 * transaction and before any write. Decision on what the caller hears:
 * - no grant of the permission anywhere → 403 `auth.forbidden` naming the permission;
 * - the permission is held, but not over this target, and the caller can see the target
 *   (one of `users.read`, `devices.read`, `organizations.read` covers it) → 403 naming the permission;
 * - the caller cannot see the target at all → the target's 404 (`user.not_found`, …), exactly as
 *   for an id that does not exist, so ids and usernames of other organizations do not leak.
 */
export class Access {
  private orgs: Map<string, Organization> | undefined;

  constructor(
    private readonly repos: Repositories,
    readonly principal: Principal,
  ) {}

  /** Throws auth.forbidden unless some role grants the permission (anywhere). */
  require(permission: Permission): void {
    if (!this.principal.grants.some((g) => g.permissions.has(permission)))
      throw new DomainError('auth.forbidden', { permission });
  }

  /** Throws auth.forbidden unless a role grants the permission over all organizations (tenant-wide settings). */
  requireTenantWide(permission: Permission): void {
    this.require(permission);
    if (!this.principal.grants.some((g) => g.permissions.has(permission) && g.scope === 'all_organizations'))
      throw new DomainError('auth.forbidden', { permission, scope: 'all_organizations' });
  }

  /** Checks `permission` over a target; `notFound` is what an invisible target answers (see the class comment). */
  async over(permission: Permission, target: ScopeTarget, notFound: () => DomainError): Promise<void> {
    this.require(permission);
    if (await this.covered(permission, target)) return;
    for (const read of VISIBILITY)
      if (await this.covered(read, target)) throw new DomainError('auth.forbidden', { permission });
    throw notFound();
  }

  /** Checks `permission` over a user. */
  async overUser(permission: Permission, user: { id: string; orgId: string }): Promise<void> {
    await this.over(
      permission,
      { kind: 'user', id: user.id, orgId: user.orgId },
      () => new DomainError('user.not_found', { id: user.id }),
    );
  }

  /** Checks `permission` over an organization. */
  async overOrganization(permission: Permission, orgId: string, field?: string): Promise<void> {
    await this.over(
      permission,
      { kind: 'organization', id: orgId },
      () => new DomainError('organization.not_found', { id: orgId, ...(field ? { field } : {}) }),
    );
  }

  /** True when the permission is granted over the target (no error). */
  async allows(permission: Permission, target: ScopeTarget): Promise<boolean> {
    return this.covered(permission, target);
  }

  /** Where the permission applies, to filter a list to what the caller may see. */
  async reach(permission: Permission): Promise<Reach> {
    this.require(permission);
    const grants = this.principal.grants.filter((g) => g.permissions.has(permission));
    if (grants.some((g) => g.scope === 'all_organizations')) return { all: true };
    const orgIds = new Set<string>();
    let selfUserId: string | null = null;
    for (const g of grants) {
      if (g.scope === 'assigned_user') selfUserId = this.principal.userId;
      else if (this.principal.orgId) for (const id of await this.subtree(this.principal.orgId)) orgIds.add(id);
    }
    return { all: false, orgIds, selfUserId };
  }

  private async covered(permission: Permission, target: ScopeTarget): Promise<boolean> {
    for (const g of this.principal.grants)
      if (g.permissions.has(permission) && (await this.inScope(g, target))) return true;
    return false;
  }

  private async inScope(grant: RoleGrant, target: ScopeTarget): Promise<boolean> {
    if (grant.scope === 'all_organizations') return true;
    if (grant.scope === 'assigned_user') return target.kind === 'user' && target.id === this.principal.userId;
    const home = this.principal.orgId;
    if (home === null) return false;
    const orgId = target.kind === 'user' ? target.orgId : target.id;
    const orgs = await this.organizations();
    for (let cur: string | null = orgId; cur; cur = orgs.get(cur)?.parentId ?? null) if (cur === home) return true;
    return false;
  }

  private async subtree(rootId: string): Promise<string[]> {
    const orgs = await this.organizations();
    const children = new Map<string, string[]>();
    for (const o of orgs.values())
      if (o.parentId) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
    const out: string[] = [];
    for (const queue = [rootId]; queue.length > 0;) {
      const id = queue.pop() as string;
      if (!orgs.has(id)) continue;
      out.push(id);
      queue.push(...(children.get(id) ?? []));
    }
    return out;
  }

  // The tenant's organizations, read once per command (the tree is small next to its users).
  private async organizations(): Promise<Map<string, Organization>> {
    this.orgs ??= new Map((await this.repos.organizations.list(this.principal.tenantId)).map((o) => [o.id, o]));
    return this.orgs;
  }
}
