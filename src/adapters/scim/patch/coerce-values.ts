// Coerces the loosely-typed values real IdPs send into the shapes RFC 7643 defines.
import { findKeyCI, isJsonObject } from './json-utils.js';
import { fail, ok } from './result.js';
import { canonicalSubAttr, isBooleanSubAttr, type AttrDef } from './user-schema.js';
import type { Json, JsonObject, Result } from './types.js';

/** A boolean from `true`/`false` or the strings "True"/"False" in any case (Entra unflagged, research §1.7). */
export function toBoolean(value: Json, what: string): Result<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true' || lower === 'false') return ok(lower === 'true');
  }
  return fail('invalidValue', `"${what}" must be a boolean`);
}

/**
 * A string attribute's value. Numbers and booleans are stringified (an IdP mapping a
 * numeric source such as an employee number); objects and arrays are rejected.
 */
export function toStringValue(value: Json, what: string): Result<string> {
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  return fail('invalidValue', `"${what}" must be a string`);
}

/**
 * The enterprise `manager` as `{ value: id }`, or null to clear it. Accepts what Entra
 * sends (research §1.6): a bare id string, `{ value }`, `[{ value, $ref }]`; and `null`,
 * `""`, `{ value: null }` or `[]` to clear (RFC 7644 §3.5.2.3 lets null mean "remove").
 */
export function normaliseManager(value: Json): Result<JsonObject | null> {
  if (Array.isArray(value)) {
    if (value.length > 1) return fail('invalidValue', '"manager" is single-valued');
    return normaliseManager(value[0] ?? null);
  }
  if (isJsonObject(value)) {
    const key = findKeyCI(value, 'value');
    return normaliseManager(key === undefined ? null : (value[key] ?? null));
  }
  if (value === null || value === '') return ok(null);
  if (typeof value !== 'string') return fail('invalidValue', '"manager" must be a user id or { "value": id }');
  return ok({ value });
}

/**
 * One value of a multi-valued attribute: a bare scalar becomes `{ value }`, known
 * sub-attribute names get canonical casing (Entra sends `Value`), `primary` becomes boolean.
 * Unknown keys inside a value are kept (IdPs add `display`, `displayName`, `$ref: null`).
 */
export function normaliseElement(def: AttrDef | undefined, element: Json, what: string): Result<Json> {
  if (element === null || Array.isArray(element)) return fail('invalidValue', `"${what}" values must be objects`);
  if (!isJsonObject(element)) return ok(def === undefined ? element : { value: element });
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(element)) {
    const name = canonicalSubAttr(def, key) ?? key;
    if (isBooleanSubAttr(name) && raw !== null) {
      const b = toBoolean(raw, `${what}.${name}`);
      if (!b.ok) return b;
      out[name] = b.value;
    } else {
      out[name] = raw;
    }
  }
  return ok(out);
}

/** The values of a multi-valued attribute from an array, a single value, or null (none). */
export function normaliseElements(def: AttrDef | undefined, value: Json, what: string): Result<Json[]> {
  const items = value === null ? [] : Array.isArray(value) ? value : [value];
  const out: Json[] = [];
  for (const item of items) {
    if (item === null) continue; // Entra serialises absent values as null (research §1.3).
    const r = normaliseElement(def, item, what);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}
