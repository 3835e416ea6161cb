// Assertions shared by the SCIM integration tests: the error shape every 4xx must have, and
// table snapshots that prove a failing request wrote nothing (issue 2 "Bad input").
import assert from 'node:assert/strict';
import type { HttpResult, ScimClient, TestServer } from './server.js';

export const SCIM_ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Asserts a SCIM error response (RFC 7644 §3.12): status, scimType, Error schema, media type. */
export function assertScimError(res: HttpResult, status: number, scimType?: string): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/scim\+json/);
  assert.deepEqual(res.body?.schemas, [SCIM_ERROR_URN], res.text);
  assert.equal(String(res.body.status), String(status));
  assert.equal(typeof res.body.detail, 'string');
  if (scimType !== undefined) assert.equal(res.body.scimType, scimType, res.text);
}

const TABLES = ['users', 'user_values', 'role_assignments', 'groups', 'group_members', 'sync_log', 'timers'] as const;
export type Snapshot = Record<(typeof TABLES)[number], number> & { versions: string };

/** Row counts of every table a SCIM write touches, plus every user's and group's version. */
export async function snapshot(server: TestServer): Promise<Snapshot> {
  const db = server.roster.db.kysely;
  const out: Record<string, number | string> = {};
  for (const t of TABLES) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  const users = await db.selectFrom('users').select(['id', 'version', 'status', 'removed_at']).orderBy('id').execute();
  const groups = await db.selectFrom('groups').select(['id', 'version', 'display_name']).orderBy('id').execute();
  out.versions = JSON.stringify([users.map((u) => [u.id, Number(u.version), u.status, u.removed_at]), groups.map((g) => [g.id, Number(g.version), g.display_name])]);
  return out as Snapshot;
}

/** Asserts that nothing was written since `before` (no half-written request). */
export async function assertUnchanged(server: TestServer, before: Snapshot): Promise<void> {
  assert.deepEqual(await snapshot(server), before, 'a failing request must not write anything');
}

let seq = 0;
/** A unique email for this test run. */
export function email(prefix = 'user'): string {
  seq += 1;
  return `${prefix}.${seq}.${Date.now().toString(36)}@example.com`;
}

/** POSTs a user and returns its SCIM body (asserts 201). */
export async function createUser(client: ScimClient, body: Record<string, unknown> = {}): Promise<any> {
  const res = await client.req('POST', '/Users', { schemas: [CORE_USER_URN], userName: email(), ...body });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

/** POSTs a group with members and returns its SCIM body (asserts 201). */
export async function createGroup(client: ScimClient, displayName: string, memberIds: readonly string[] = []): Promise<any> {
  const res = await client.req('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: memberIds.map((value) => ({ value })) });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

/** A PatchOp request body. */
export function patchOp(...Operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_URN], Operations };
}

/** The sync-log rows of one user, oldest first. */
export async function syncLogOf(server: TestServer, userId: string): Promise<{ change_type: string; attribute: string | null; old_value: string | null; new_value: string | null; detail: string | null; username: string | null }[]> {
  return server.roster.db.kysely.selectFrom('sync_log').select(['change_type', 'attribute', 'old_value', 'new_value', 'detail', 'username']).where('user_id', '=', userId).orderBy('id').execute();
}

/** The stored users row. */
export async function userRow(server: TestServer, id: string) {
  return server.roster.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
