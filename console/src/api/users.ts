import { apiJson } from './http';

export type UserStatus = 'active' | 'blocked' | 'deactivated';

export interface UserSummary {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  orgId: string;
  providerId: string | null;
  status: UserStatus;
  createdAt: string;
  updatedAt: string;
}

export interface UserPage {
  users: UserSummary[];
  nextCursor: string | null;
}

export interface UserFilter {
  userName?: string;
  orgId?: string;
  status?: UserStatus;
  providerId?: string;
}

export interface RoleGrant {
  roleId: string;
  name: string;
  source: string;
}

export interface Device {
  id: string;
  name: string;
  os: string;
  agentVersion: string | null;
  lastSeenAt: string | null;
  status: 'active' | 'deauthorized' | 'deactivated';
  blocked: boolean;
}

export interface Archive {
  id: string;
  deviceId: string;
  destination: string;
  state: 'active' | 'cold_storage' | 'purged';
  coldStorageUntil: string | null;
}

export interface LegalHold {
  id: string;
  name: string;
  status: 'active' | 'released';
}

export interface UserProfile {
  email: string | null;
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
  title: string | null;
  managerId: string | null;
  department: string | null;
  division: string | null;
  employeeType: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  externalId: string | null;
}

export interface UserDetail {
  user: UserSummary;
  profile: UserProfile;
  adminBlocked: boolean;
  deactivatedAt: string | null;
  roles: RoleGrant[];
  devices: Device[];
  archives: Archive[];
  legalHolds: LegalHold[];
  pendingDeactivation: { state: 'pending' | 'held_legal' | 'held_guard'; dueAt: string | null } | null;
}

/** One keyset page of the user search (stays fast at any depth: the cursor is the last row's key). */
export function listUsers(filter: UserFilter, cursor: string | undefined, limit = 100): Promise<UserPage> {
  const q = new URLSearchParams({ limit: String(limit) });
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  if (cursor) q.set('cursor', cursor);
  return apiJson<UserPage>(`/users?${q.toString()}`);
}

export function getUser(id: string): Promise<UserDetail> {
  return apiJson<UserDetail>(`/users/${encodeURIComponent(id)}`);
}

export type UserAction = 'block' | 'unblock' | 'deactivate' | 'reactivate';

export function runUserAction(id: string, action: UserAction): Promise<UserSummary> {
  return apiJson<UserSummary>(`/users/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
}

export function moveUser(id: string, orgId: string): Promise<UserSummary> {
  return apiJson<UserSummary>(`/users/${encodeURIComponent(id)}/organization`, { method: 'PUT', json: { orgId } });
}

export function setUserRoles(id: string, roleIds: string[]): Promise<{ roles: RoleGrant[] }> {
  return apiJson(`/users/${encodeURIComponent(id)}/roles`, { method: 'PUT', json: { roleIds } });
}
