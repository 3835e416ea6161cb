import { api, ok, type Body } from './client';

/** The signed-in caller as GET /me describes them: roles with their scopes and permissions. */
export type Me = Body<'/api/v1/me', 'get'>;

export function getMe(): Promise<Me> {
  return ok(api.GET('/api/v1/me'));
}

/** Every permission the caller holds over some scope: what the console offers (actions they lack are absent). */
export function permissionsOf(me: Me | undefined): ReadonlySet<string> {
  return new Set((me?.roles ?? []).flatMap((r) => r.permissions));
}
