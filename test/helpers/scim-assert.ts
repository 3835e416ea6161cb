// Assertions shared by the SCIM integration and conformance tests: status and media type of every
// answer (Entra requires application/scim+json, research §1.1), the RFC 7644 §3.12 error body,
// ListResponse shape, and table snapshots that prove a failing request wrote nothing.
import assert from 'node:assert/strict';
import type { HttpResult, ScimClient, TestServer } from './server.js';

export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Asserts the status and the SCIM media type, and returns the parsed body. */
export function scim(res: HttpResult, status: number): any {
  assert.equal(res.status, status, `expected HTTP ${status}, got ${res.status}: ${res.text}`);
  assert.match(
    res.headers.get('content-type') ?? '',
    /^application\/scim\+json\b/,
    'every SCIM response is application/scim+json',
  );
  return res.body;
}

/** Asserts a 204 with no body. */
export function noContent(res: HttpResult): void {
  assert.equal(res.status, 204, `expected HTTP 204, got ${res.status}: ${res.text}`);
  assert.equal(res.text, '');
}

/** Asserts a SCIM error body (RFC 7644 §3.12): Error schema, `status` as a string, a detail, and the scimType if given. */
export function scimError(res: HttpResult, status: number, scimType?: string): any {
  const body = scim(res, status);
  assert.deepEqual(body.schemas, [ERROR_URN]);
  assert.equal(body.status, String(status));
  assert.equal(typeof body.detail, 'string');
  assert.notEqual(body.detail.trim(), '');
  if (scimType !== undefined) assert.equal(body.scimType, scimType);
  return body;
}

/** Asserts a ListResponse with integer pagination fields (Okta, research §2.4) and returns it. */
export function listOf(res: HttpResult): {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: any[];
} {
  const body = scim(res, 200);
  assert.deepEqual(body.schemas, [LIST_RESPONSE_URN]);
  for (const k of ['totalResults', 'startIndex', 'itemsPerPage'])
    assert.ok(Number.isInteger(body[k]), `${k} must be an integer, got ${JSON.stringify(body[k])}`);
  // Entra's Test Connection breaks on `Resources: null` (research §1.2, §6 C8).
  assert.ok(Array.isArray(body.Resources), 'Resources must be an array, never null or absent');
  assert.equal(body.itemsPerPage, body.Resources.length);
  return body;
}

const TABLES = ['users', 'user_values', 'role_assignments', 'groups', 'group_members', 'sync_log', 'timers'] as const;
export type Snapshot = Record<(typeof TABLES)[number], number> & { versions: string };

/** Row counts of every table a SCIM write touches, plus every user's and group's version. */
export async function snapshot(server: TestServer): Promise<Snapshot> {
  const db = server.roster.db.kysely;
  const out: Record<string, number | string> = {};
  for (const t of TABLES) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  const users = await db.selectFrom('users').select(['id', 'version', 'status', 'removed_at']).orderBy('id').execute();
  const groups = await db.selectFrom('groups').select(['id', 'version', 'display_name']).orderBy('id').execute();
  out.versions = JSON.stringify([
    users.map((u) => [u.id, Number(u.version), u.status, u.removed_at]),
    groups.map((g) => [g.id, Number(g.version), g.display_name]),
  ]);
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
export async function createGroup(
  client: ScimClient,
  displayName: string,
  memberIds: readonly string[] = [],
): Promise<any> {
  const res = await client.req('POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName,
    members: memberIds.map((value) => ({ value })),
  });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

/** A PatchOp request body. */
export function patchOp(...Operations: unknown[]): { schemas: string[]; Operations: unknown[] } {
  return { schemas: [PATCH_OP_URN], Operations };
}

/** The sync-log rows of one user, oldest first. */
export async function syncLogOf(
  server: TestServer,
  userId: string,
): Promise<
  {
    change_type: string;
    attribute: string | null;
    old_value: string | null;
    new_value: string | null;
    detail: string | null;
    username: string | null;
  }[]
> {
  return server.roster.db.kysely
    .selectFrom('sync_log')
    .select(['change_type', 'attribute', 'old_value', 'new_value', 'detail', 'username'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/** The stored users row. */
export async function userRow(server: TestServer, id: string) {
  return server.roster.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
