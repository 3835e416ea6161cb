import { api, ok, type Body } from './client';

export type UserPage = Body<'/api/v1/users', 'get'>;
export type UserSummary = UserPage['users'][number];
export type UserStatus = UserSummary['status'];
export type UserDetail = Body<'/api/v1/users/{id}', 'get'>;
export type UserProfile = UserDetail['profile'];
export type RoleGrant = UserDetail['roles'][number];
export type Device = UserDetail['devices'][number];
export type ManagedBy = NonNullable<UserDetail['managedBy']>;
export type CreatedUser = Body<'/api/v1/users', 'post', 201>;
export type ImportReport = Body<'/api/v1/users/import', 'post'>;
export type NewLocalUser = NonNullable<
  NonNullable<import('./schema').paths['/api/v1/users']['post']['requestBody']>['content']['application/json']
>;

export interface UserFilter {
  userName?: string;
  orgId?: string;
  status?: UserStatus;
  providerId?: string;
}

const at = (id: string) => ({ params: { path: { id } } });

/** One keyset page of the user search (stays fast at any depth: the cursor is the last row's key). */
export function listUsers(filter: UserFilter, cursor: string | undefined, limit = 100): Promise<UserPage> {
  const query = { limit: String(limit), cursor, ...filter };
  for (const k of Object.keys(query) as (keyof typeof query)[]) if (!query[k]) delete query[k];
  return ok(api.GET('/api/v1/users', { params: { query } }));
}

export function getUser(id: string): Promise<UserDetail> {
  return ok(api.GET('/api/v1/users/{id}', at(id)));
}

export type UserAction = 'block' | 'unblock' | 'deactivate' | 'reactivate';

export function runUserAction(id: string, action: UserAction): Promise<UserSummary> {
  return ok(api.POST(`/api/v1/users/{id}/${action}`, at(id)));
}

export function moveUser(id: string, orgId: string): Promise<UserSummary> {
  return ok(api.PUT('/api/v1/users/{id}/organization', { ...at(id), body: { orgId } }));
}

export function setUserRoles(id: string, roleIds: string[]): Promise<{ roles: RoleGrant[] }> {
  return ok(api.PUT('/api/v1/users/{id}/roles', { ...at(id), body: { roleIds } }));
}

export function createLocalUser(user: NewLocalUser): Promise<CreatedUser> {
  return ok(api.POST('/api/v1/users', { body: user }));
}

/** Uploads a CSV file of local users; a dry run reports every line without creating anyone. */
export function importUsers(csv: string, dryRun: boolean): Promise<ImportReport> {
  return ok(
    api.POST('/api/v1/users/import', {
      params: { query: { dryRun: dryRun ? 'true' : 'false' } },
      // The route takes the file itself (text/csv), which the OpenAPI document does not describe as a body.
      body: csv as never,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'content-type': 'text/csv' },
    }),
  );
}

export function deauthorizeDevice(id: string): Promise<Device> {
  return ok(api.POST('/api/v1/devices/{id}/deauthorize', at(id)));
}

/** Removes the user's authenticator and recovery codes and ends their sessions (mfa.manage over the user). */
export function resetUserMfa(id: string): Promise<void> {
  return ok(api.DELETE('/api/v1/users/{id}/mfa', at(id))).then(() => undefined);
}
