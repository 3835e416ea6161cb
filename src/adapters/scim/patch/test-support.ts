// Test helpers shared by the PATCH engine's table tests (not used by production code).
import assert from 'node:assert/strict';
import { applyUserPatch } from './apply-user-patch.js';
import { parsePatchRequest } from './parse-patch-request.js';
import { ENTERPRISE_USER_URN } from './schema-urns.js';
import type { JsonObject, PatchError } from './types.js';

/** A provisioned user in Roster's SCIM wire shape. */
export function sampleUser(): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE_USER_URN],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'jyoung',
    userName: 'jyoung@contoso.com',
    name: { formatted: 'Joy Young', familyName: 'Young', givenName: 'Joy' },
    displayName: 'Joy Young',
    active: true,
    emails: [{ type: 'work', value: 'jyoung@contoso.com', primary: true }],
    meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z' },
    [ENTERPRISE_USER_URN]: { employeeNumber: '701984', department: 'Sales' },
  };
}

/** Parses `body` as a PatchOp message and applies it; asserts success and returns the user. */
export function patchOk(resource: JsonObject, body: unknown): JsonObject {
  const ops = parsePatchRequest(body);
  assert.ok(ops.ok, JSON.stringify(ops));
  const before = structuredClone(resource);
  const result = applyUserPatch(resource, ops.value);
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(resource, before, 'input resource must not be mutated');
  return result.value;
}

/** Parses and applies `body`; asserts that one of the two steps failed and returns the error. */
export function patchError(resource: JsonObject, body: unknown): PatchError {
  const ops = parsePatchRequest(body);
  if (!ops.ok) return ops.error;
  const result = applyUserPatch(resource, ops.value);
  if (result.ok) assert.fail(`expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

/** Wraps operations in a PatchOp message. */
export function patchBody(...operations: unknown[]): unknown {
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations };
}
