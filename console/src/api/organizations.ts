import { apiJson } from './http';

export interface Organization {
  id: string;
  name: string;
  parentId: string | null;
  status: string;
  defaultRoles: string[];
  coldStorageDays: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrganizationNode extends Organization {
  children: OrganizationNode[];
}

/** The organizations the caller may see, as trees (an Org Admin sees their subtree only). */
export async function getOrganizationTrees(): Promise<OrganizationNode[]> {
  return (await apiJson<{ organizations: OrganizationNode[] }>('/organizations')).organizations;
}

/** Depth-first, with each organization's depth: the order a tree view and a select list show. */
export function flattenTrees(roots: OrganizationNode[]): { org: Organization; depth: number }[] {
  const out: { org: Organization; depth: number }[] = [];
  const walk = (n: OrganizationNode, depth: number) => {
    out.push({ org: n, depth });
    for (const c of [...n.children].sort((a, b) => a.name.localeCompare(b.name))) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

export function createOrganization(name: string, parentId: string): Promise<Organization> {
  return apiJson<Organization>('/organizations', { method: 'POST', json: { name, parentId } });
}

export function updateOrganization(id: string, change: Record<string, unknown>): Promise<Organization> {
  return apiJson<Organization>(`/organizations/${encodeURIComponent(id)}`, { method: 'PATCH', json: change });
}

export function deleteOrganization(id: string): Promise<void> {
  return apiJson<void>(`/organizations/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
