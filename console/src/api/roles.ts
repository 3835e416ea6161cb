import { apiJson } from './http';

export interface RoleDefinition {
  id: string;
  name: string;
  description: string;
  scope: 'all_organizations' | 'organization_subtree' | 'assigned_user';
  permissions: string[];
  limitations: string[];
  deprecated: boolean;
}

export async function listRoles(): Promise<RoleDefinition[]> {
  return (await apiJson<{ roles: RoleDefinition[] }>('/roles')).roles;
}
