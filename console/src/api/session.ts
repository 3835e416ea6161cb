import { type Body } from './client';
import { apiJson, type ApiOptions } from './http';

/** The signed-in caller as GET /me describes them: roles with their scopes and permissions. */
export type Me = Body<'/api/v1/me', 'get'>;

// Through the fetch helper rather than the typed client: the session probe before the console
// opens handles a missing session itself (ApiOptions.probe) instead of the expiry redirect.
export function getMe(opts: ApiOptions = {}): Promise<Me> {
  return apiJson<Me>('/me', {}, opts);
}

/** Every permission the caller holds over some scope: what the console offers (actions they lack are absent). */
export function permissionsOf(me: Me | undefined): ReadonlySet<string> {
  return new Set((me?.roles ?? []).flatMap((r) => r.permissions));
}
