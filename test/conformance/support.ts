// Assertions shared by the IdP conformance tests: every SCIM answer is checked for its
// status, its media type (Entra requires application/scim+json, research §1.1) and, for
// errors, the RFC 7644 §3.12 error body.
import assert from 'node:assert/strict';
import type { HttpResult } from '../helpers/server.js';

export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Asserts the status and the SCIM media type, and returns the parsed body. */
export function scim(res: HttpResult, status: number): any {
  assert.equal(res.status, status, `expected HTTP ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/scim\+json\b/, 'every SCIM response is application/scim+json');
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
export function listOf(res: HttpResult): { totalResults: number; startIndex: number; itemsPerPage: number; Resources: any[] } {
  const body = scim(res, 200);
  assert.deepEqual(body.schemas, [LIST_RESPONSE_URN]);
  for (const k of ['totalResults', 'startIndex', 'itemsPerPage']) assert.ok(Number.isInteger(body[k]), `${k} must be an integer, got ${JSON.stringify(body[k])}`);
  // Entra's Test Connection breaks on `Resources: null` (research §1.2, §6 C8).
  assert.ok(Array.isArray(body.Resources), 'Resources must be an array, never null or absent');
  assert.equal(body.itemsPerPage, body.Resources.length);
  return body;
}

/** A PatchOp message. */
export function patchOp(...operations: unknown[]): { schemas: string[]; Operations: unknown[] } {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}
