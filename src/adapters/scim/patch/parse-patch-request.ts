// Validates a PatchOp request body (RFC 7644 §3.5.2) into typed operations.
// Tolerant where real IdPs deviate: `op` in any case (Entra sends `Add`), structural keys
// in any case, extra keys such as a top-level `id` or an operation `name` (research §6 C5).
import { getCI, isJson, isJsonObject } from './json-utils.js';
import { fail, ok } from './result.js';
import type { Json, PatchOpName, PatchOperation, Result } from './types.js';

/** The message schema URI every PATCH body must carry (RFC 7644 §3.5.2). */
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const OP_NAMES: ReadonlySet<string> = new Set<PatchOpName>(['add', 'replace', 'remove']);

/** Validates a PATCH body and returns its operations in order. */
export function parsePatchRequest(body: unknown): Result<PatchOperation[]> {
  if (!isJsonObject(body)) return fail('invalidSyntax', 'PATCH body must be a JSON object');
  const schemas = getCI(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some(isPatchOpUrn)) {
    return fail('invalidSyntax', `PATCH body "schemas" must contain "${PATCH_OP_URN}"`);
  }
  const operations = getCI(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    return fail('invalidSyntax', 'PATCH body "Operations" must be a non-empty array');
  }
  const parsed: PatchOperation[] = [];
  for (const [index, raw] of operations.entries()) {
    const op = parseOperation(raw);
    if (!op.ok) return fail(op.error.scimType, `Operations[${String(index)}]: ${op.error.detail}`);
    parsed.push(op.value);
  }
  return ok(parsed);
}

// URNs compare case-insensitively (RFC 8141 §3.1 for the NID; schemas are matched loosely here).
function isPatchOpUrn(s: unknown): boolean {
  return typeof s === 'string' && s.trim().toLowerCase() === PATCH_OP_URN.toLowerCase();
}

function parseOperation(raw: unknown): Result<PatchOperation> {
  if (!isJsonObject(raw)) return fail('invalidSyntax', 'each operation must be a JSON object');
  const opRaw = getCI(raw, 'op');
  const op = typeof opRaw === 'string' ? opRaw.trim().toLowerCase() : undefined;
  if (op === undefined || !OP_NAMES.has(op)) {
    return fail('invalidSyntax', '"op" must be one of "add", "replace" or "remove"');
  }
  const path = parsePathMember(getCI(raw, 'path'));
  if (!path.ok) return path;
  const value = getCI(raw, 'value');
  if (value !== undefined && !isJson(value)) return fail('invalidSyntax', '"value" is not JSON');
  return buildOperation(op as PatchOpName, path.value, value);
}

// `path: null` and `path: ""` are read as "no path": some clients serialise absent fields that way.
function parsePathMember(path: unknown): Result<string | undefined> {
  if (path === undefined || path === null) return ok(undefined);
  if (typeof path !== 'string') return fail('invalidPath', '"path" must be a string');
  return ok(path.trim() === '' ? undefined : path);
}

function buildOperation(op: PatchOpName, path: string | undefined, value: Json | undefined): Result<PatchOperation> {
  if (op === 'remove') {
    // RFC 7644 §3.5.2.2: remove without a path fails with noTarget.
    if (path === undefined) return fail('noTarget', '"remove" requires a "path"');
    // A value on remove is not RFC, but Entra's legacy member removal sends one (research §1.9).
    return ok(value === undefined ? { op, path } : { op, path, value });
  }
  // RFC 7644 §3.5.2.1/§3.5.2.3: add and replace MUST carry a value.
  if (value === undefined) return fail('invalidValue', `"${op}" requires a "value"`);
  if (path === undefined) {
    // Without a path the target is the resource itself, so the value is a set of attributes.
    if (!isJsonObject(value)) return fail('invalidValue', `"${op}" without "path" requires an object "value"`);
    return ok({ op, value });
  }
  return ok({ op, path, value });
}
