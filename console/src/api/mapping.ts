import { api, ok } from './client';

export type OrgMapping =
  | { method: 'none' }
  | { method: 'single'; orgId: string }
  | { method: 'orgName'; unmappedOrgId: string }
  | { method: 'attribute'; path: string; unmappedOrgId: string }
  | { method: 'groups'; groups: { groupId: string; orgId: string }[]; unmappedOrgId: string }
  | { method: 'directorySync' };

export type RoleMapping =
  | { method: 'manual' }
  | { method: 'groups'; groups: { groupId: string; roleIds: string[] }[] }
  | { method: 'managed'; roleIds: string[] };

export interface MappingSettings {
  organization: OrgMapping;
  roles: RoleMapping;
}

export interface ApplyChange {
  userId: string;
  userName: string;
  organization: { from: { id: string; name: string }; to: { id: string | null; name: string } } | null;
  rolesAdded: string[];
  rolesRemoved: string[];
  notInRoleMapping: boolean;
}

export interface ApplyResult {
  dryRun: boolean;
  usersEvaluated: number;
  usersChanged: number;
  changes: ApplyChange[];
  truncated: boolean;
}

const at = (id: string) => ({ params: { path: { id } } });

export function getMapping(providerId: string): Promise<MappingSettings> {
  return ok(api.GET('/api/v1/providers/{id}/mapping', at(providerId))) as Promise<MappingSettings>;
}

export function setMapping(providerId: string, m: MappingSettings): Promise<MappingSettings> {
  return ok(api.PUT('/api/v1/providers/{id}/mapping', { ...at(providerId), body: m })) as Promise<MappingSettings>;
}

export function applyMapping(providerId: string, dryRun: boolean): Promise<ApplyResult> {
  const query = { dryRun: dryRun ? 'true' : 'false' } as const;
  return ok(api.POST('/api/v1/providers/{id}/mapping/apply', { params: { path: { id: providerId }, query } }));
}

export function listProviderGroups(
  providerId: string,
): Promise<{ groups: { id: string; displayName: string }[]; truncated: boolean }> {
  return ok(api.GET('/api/v1/providers/{id}/groups', at(providerId)));
}
