import { apiJson, type ApiOptions } from './http';

/** The signed-in caller as GET /me describes them: roles with their scopes and permissions. */
export interface Me {
  userId: string | null;
  userName: string | null;
  orgId: string | null;
  credential: { kind: string; id: string | null };
  roles: { roleId: string; scope: string; permissions: string[] }[];
}

export function getMe(opts: ApiOptions = {}): Promise<Me> {
  return apiJson<Me>('/me', {}, opts);
}

/** Every permission the caller holds over some scope: what the console offers (actions they lack are absent). */
export function permissionsOf(me: Me | undefined): ReadonlySet<string> {
  return new Set((me?.roles ?? []).flatMap((r) => r.permissions));
}
