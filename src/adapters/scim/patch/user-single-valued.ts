// PATCH of single-valued User attributes: simple (userName, active, custom attributes),
// complex (name) and the enterprise manager reference (RFC 7644 §3.5.2; RFC 7643 §4.1, §4.3).
// Each function is pure: it returns the attribute's new value, undefined meaning "unassigned".
import { normaliseManager, toBoolean, toStringValue } from './coerce-values.js';
import { isJsonObject, omitKey } from './json-utils.js';
import { fail, ok } from './result.js';
import { canonicalSubAttr, type AttrDef } from './user-schema.js';
import type { Json, JsonObject, PatchOpName, Result } from './types.js';

type Next = Result<Json | undefined>;

/** New value of a simple attribute; null or remove unassigns it (RFC 7644 §3.5.2.3 allows null as remove). */
export function patchSimple(def: AttrDef | undefined, name: string, op: PatchOpName, value: Json | undefined): Next {
  if (op === 'remove' || value === undefined || value === null) {
    // RFC 7643 §2.2 "required": userName may not become unassigned.
    if (def?.required) return fail('invalidValue', `"${name}" is required and cannot be removed`);
    return ok(undefined);
  }
  if (def === undefined) return ok(value); // custom attribute (organization mapping): stored as sent
  if (def.kind === 'boolean') return toBoolean(value, name);
  const s = toStringValue(value, name);
  if (s.ok && def.required && s.value.trim() === '') return fail('invalidValue', `"${name}" cannot be empty`);
  return s;
}

/**
 * New value of a single-valued complex attribute such as `name`. A value object is merged:
 * RFC 7644 §3.5.2.3 leaves unspecified sub-attributes unchanged for replace as for add.
 * A sub-attribute path (`name.givenName`) creates the parent when it is missing.
 */
export function patchComplex(
  def: AttrDef | undefined,
  name: string,
  current: Json | undefined,
  op: PatchOpName,
  sub: string | undefined,
  value: Json | undefined,
): Next {
  let base: JsonObject = isJsonObject(current) ? current : {};
  if (sub !== undefined) {
    const set =
      op === 'remove' || value === undefined || value === null ? ok(undefined) : subValue(def, `${name}.${sub}`, value);
    if (!set.ok) return set;
    base = set.value === undefined ? omitKey(base, sub) : { ...base, [sub]: set.value };
    return ok(Object.keys(base).length === 0 ? undefined : base);
  }
  if (op === 'remove' || value === undefined || value === null) return ok(undefined);
  if (!isJsonObject(value)) return fail('invalidValue', `"${name}" must be an object`);
  for (const [key, raw] of Object.entries(value)) {
    // Keys are matched case-insensitively; unknown keys are kept as sent (tolerance).
    const canonical = canonicalSubAttr(def, key) ?? key;
    const set = raw === null ? ok(undefined) : subValue(def, `${name}.${canonical}`, raw);
    if (!set.ok) return set;
    base = set.value === undefined ? omitKey(base, canonical) : { ...base, [canonical]: set.value };
  }
  return ok(Object.keys(base).length === 0 ? undefined : base);
}

// Known complex attributes (name) have string sub-attributes; custom ones are stored as sent.
function subValue(def: AttrDef | undefined, what: string, value: Json): Result<Json> {
  return def === undefined ? ok(value) : toStringValue(value, what);
}

/**
 * New enterprise `manager`, always `{ value: id }` (research §1.6: Entra sends a bare
 * string, an object or a one-element array, on `manager` or the full URN path).
 * `$ref` and `displayName` are derived by the server, so writes to them are ignored.
 */
export function patchManager(
  current: Json | undefined,
  op: PatchOpName,
  sub: string | undefined,
  value: Json | undefined,
): Next {
  if (sub === '$ref' || sub === 'displayName') return ok(current);
  if (op === 'remove' || value === undefined) return ok(undefined);
  const manager = normaliseManager(value);
  if (!manager.ok) return manager;
  return ok(manager.value ?? undefined);
}
