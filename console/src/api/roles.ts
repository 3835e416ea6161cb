import { api, ok, type Body } from './client';

export type RoleDefinition = Body<'/api/v1/roles', 'get'>['roles'][number];

export async function listRoles(): Promise<RoleDefinition[]> {
  return (await ok(api.GET('/api/v1/roles'))).roles;
}
