import { api, ok, type Body } from './client';
import type { paths } from './schema';

export type OrganizationNode = Body<'/api/v1/organizations', 'get'>['organizations'][number];
export type Organization = Omit<OrganizationNode, 'children'>;
type OrganizationChanges = NonNullable<
  paths['/api/v1/organizations/{id}']['patch']['requestBody']
>['content']['application/json'];

const at = (id: string) => ({ params: { path: { id } } });

/** The organizations the caller may see, as trees (an Org Admin sees their subtree only). */
export async function getOrganizationTrees(): Promise<OrganizationNode[]> {
  return (await ok(api.GET('/api/v1/organizations'))).organizations;
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
  return ok(api.POST('/api/v1/organizations', { body: { name, parentId } }));
}

/** One PATCH with every changed field (the settings form builds it field by field). */
export function updateOrganization(id: string, change: Record<string, unknown>): Promise<Organization> {
  return ok(api.PATCH('/api/v1/organizations/{id}', { ...at(id), body: change as OrganizationChanges }));
}

export async function deleteOrganization(id: string): Promise<void> {
  await ok(api.DELETE('/api/v1/organizations/{id}', at(id)));
}
