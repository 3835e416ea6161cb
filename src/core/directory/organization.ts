/** An organization in the tenant's tree (SPEC C1). The root has parentId null. */
export interface Organization {
  id: string;
  tenantId: string;
  parentId: string | null;
  name: string;
  status: 'active' | 'deactivated';
  /** Role ids given to users who receive no mapped roles. */
  defaultRoles: string[];
  coldStorageDays: number;
  /** SPEC C6: local users must use MFA; null or absent inherits the parent's setting (at the root: no). */
  mfaRequired?: boolean | null;
  createdAt: string;
  updatedAt: string;
}

/** A node of the organization tree as the admin API lists it. */
export interface OrganizationNode extends Organization {
  children: OrganizationNode[];
}

/** Arranges a flat list into the tree under its root(s), children sorted by name. */
export function buildTree(orgs: readonly Organization[]): OrganizationNode[] {
  const nodes = new Map(orgs.map((o) => [o.id, { ...o, children: [] as OrganizationNode[] }]));
  const roots: OrganizationNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  const sort = (list: OrganizationNode[]): void => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** True when `candidateAncestorId` is `orgId` or one of its ancestors. */
export function isSelfOrAncestor(
  orgs: ReadonlyMap<string, Organization>,
  candidateAncestorId: string,
  orgId: string,
): boolean {
  for (let cur: string | null = orgId; cur; cur = orgs.get(cur)?.parentId ?? null) {
    if (cur === candidateAncestorId) return true;
  }
  return false;
}

/** Whether MFA is required in `orgId`: its own setting, else the nearest ancestor's, else no (SPEC C6). */
export function effectiveMfaRequired(orgs: ReadonlyMap<string, Organization>, orgId: string): boolean {
  for (let cur = orgs.get(orgId); cur; cur = cur.parentId ? orgs.get(cur.parentId) : undefined)
    if (cur.mfaRequired !== null && cur.mfaRequired !== undefined) return cur.mfaRequired;
  return false;
}
