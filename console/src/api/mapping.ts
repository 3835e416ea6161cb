import { apiJson } from './http';

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

const base = (id: string) => `/providers/${encodeURIComponent(id)}`;

export function getMapping(providerId: string): Promise<MappingSettings> {
  return apiJson<MappingSettings>(`${base(providerId)}/mapping`);
}

export function setMapping(providerId: string, m: MappingSettings): Promise<MappingSettings> {
  return apiJson<MappingSettings>(`${base(providerId)}/mapping`, { method: 'PUT', json: m });
}

export function applyMapping(providerId: string, dryRun: boolean): Promise<ApplyResult> {
  return apiJson<ApplyResult>(`${base(providerId)}/mapping/apply?dryRun=${dryRun}`, { method: 'POST' });
}

export async function listProviderGroups(
  providerId: string,
): Promise<{ groups: { id: string; displayName: string }[]; truncated: boolean }> {
  return apiJson(`${base(providerId)}/groups`);
}
