import { emptyProfile } from '../../core/directory/user.js';
import type { UserInput } from '../../core/provisioning/user-input.js';
import type { ProvisionedUser } from '../../core/provisioning/user-provisioning.js';
import type { AttributeSpec } from '../../core/scim-schema/attribute-spec.js';
import {
  PROFILE_ATTRIBUTES,
  PROFILE_COLLECTIONS,
  profileValue,
  profileValues,
  setProfileValue,
  setProfileValues,
  type ProfileAttribute,
  type ProfileCollection,
} from '../../core/scim-schema/profile-attributes.js';
import { USER_RESOURCE } from '../../core/scim-schema/registry.js';
import { CORE_USER_URN, ENTERPRISE_USER_URN } from './patch/schema-urns.js';
import type { Json, JsonObject } from './patch/types.js';
import { MAX_CUSTOM_ATTRIBUTES_BYTES, MAX_CUSTOM_ATTRIBUTE_DEPTH, tooDeepAt } from './json-limits.js';
import { ScimError } from './scim-error.js';
import { etagOf } from './etag.js';

/** Wire ⇄ domain mapping for SCIM Users (RFC 7643 §4.1, §4.3, and Roster's extension). */

const compact = (o: Record<string, Json | undefined>): JsonObject => {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out;
};

const PROFILE_BY_SPEC = new Map<AttributeSpec, ProfileAttribute>(PROFILE_ATTRIBUTES.map((a) => [a.spec, a]));

// An element of a multi-valued attribute, its sub-attributes in registry order; a false `primary` is left out.
const elementOut = (e: object, subs: readonly AttributeSpec[]): JsonObject =>
  compact(
    Object.fromEntries(
      subs.map((s) => {
        const v = (e as Record<string, Json | undefined>)[s.name];
        return [s.name, s.type === 'boolean' ? v || undefined : v];
      }),
    ),
  );

/**
 * A linked manager is the Roster user it names (RFC 7643 §4.3); a pending one (SPEC C2 beyond) is
 * shown as the provider sent it, with no `$ref` since no such resource exists yet, so that a
 * provider comparing what it sent with what it reads back does not send it again.
 */
function managerOut(user: ProvisionedUser['user'], baseUrl: string): JsonObject | null {
  if (user.managerId) return { value: user.managerId, $ref: `${baseUrl}/Users/${user.managerId}` };
  return user.pendingManager ? { value: user.pendingManager } : null;
}

/** The value of attribute `a` of a provisioned user as SCIM shows it, or undefined when it has none. */
function attributeOut(a: AttributeSpec, { user, groups }: ProvisionedUser, baseUrl: string): Json | undefined {
  const p = user.profile;
  switch (a.storage.in) {
    case 'column':
    case 'json': {
      const attr = PROFILE_BY_SPEC.get(a);
      return attr ? (profileValue(p, attr) ?? undefined) : undefined;
    }
    case 'subAttributes': {
      const out = compact(
        Object.fromEntries((a.subAttributes ?? []).map((s) => [s.name, attributeOut(s, { user, groups }, baseUrl)])),
      );
      return Object.keys(out).length ? out : undefined;
    }
    case 'values': {
      const values = profileValues(p, a.name);
      return values.length ? values.map((e) => elementOut(e, a.subAttributes ?? [])) : undefined;
    }
    case 'membership':
      return groups.map((g) => ({
        value: g.id,
        display: g.displayName,
        $ref: `${baseUrl}/Groups/${g.id}`,
        type: 'direct',
      }));
    case 'state':
      return a.type === 'boolean' ? user.scimActive : (managerOut(user, baseUrl) ?? undefined);
    default:
      return undefined;
  }
}

const attributesOut = (attributes: readonly AttributeSpec[], pu: ProvisionedUser, baseUrl: string): JsonObject =>
  compact(Object.fromEntries(attributes.map((a) => [a.name, attributeOut(a, pu, baseUrl)])));

/** The full SCIM representation of a provisioned user. */
export function toScimUser(pu: ProvisionedUser, baseUrl: string): JsonObject {
  const { user } = pu;
  const p = user.profile;
  const extensions = USER_RESOURCE.extensions
    .map((e) => [e.id, attributesOut(e.attributes, pu, baseUrl)] as const)
    .filter(([, block]) => Object.keys(block).length > 0);
  const out: JsonObject = {
    schemas: [CORE_USER_URN, ...extensions.map(([urn]) => urn)],
    id: user.id,
    ...attributesOut(USER_RESOURCE.schema.attributes, pu, baseUrl),
  };
  for (const [urn, block] of extensions) out[urn] = block;
  for (const [k, v] of Object.entries(p.extra)) {
    if (k in out) continue;
    out[k] = v as Json;
    // RFC 7643 §3: `schemas` names every schema whose attributes are present. Entra sends custom
    // extension blocks without listing their URN (research §1.4, S6), so the URN is added here.
    if (/^urn:/i.test(k) && v !== null && typeof v === 'object' && !Array.isArray(v)) (out.schemas as Json[]).push(k);
  }
  out.meta = {
    resourceType: 'User',
    created: user.createdAt,
    lastModified: user.updatedAt,
    location: `${baseUrl}/Users/${user.id}`,
    version: etagOf(user.version),
  };
  return out;
}

// Attributes handled explicitly; anything else a provider sends is kept in `extra` (SPEC C2, C3 custom attribute).
const CORE_KEYS = new Set([
  'schemas',
  ...USER_RESOURCE.common.map((a) => a.name),
  ...USER_RESOURCE.schema.attributes.map((a) => a.name),
]);
// Entra's legacy body puts extension attributes at the top level (research §1.4 Example 2).
const ALIAS_KEYS = new Set(
  USER_RESOURCE.extensions
    .flatMap((e) => e.attributes.flatMap((a) => [a.name, ...(a.aliases ?? [])]))
    .map((k) => k.toLowerCase()),
);
const EXTENSION_URNS = new Set(USER_RESOURCE.extensions.map((e) => e.id.toLowerCase()));

function fail(detail: string): never {
  throw new ScimError(400, detail, 'invalidValue');
}

function ciGet(o: JsonObject, key: string): Json | undefined {
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function optString(o: JsonObject, key: string, label = key): string | null {
  const v = ciGet(o, key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(`${label} must be a string`);
}

/**
 * SCIM `active`: a boolean, or Entra's "True"/"False" strings (research §1.7). Absent or null is
 * "not asserted" (RFC 7644 §3.5.1): a PUT or PATCH that leaves it out must not (re)activate anyone.
 */
export function parseActive(v: Json | undefined): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return fail('active must be a boolean');
}

function bool(v: Json | undefined, label: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return fail(`${label} must be a boolean`);
}

function list(o: JsonObject, key: string): JsonObject[] {
  const v = ciGet(o, key);
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : [v]; // a single object where an array belongs is tolerated
  return arr.map((e, i) => {
    if (typeof e === 'string') return { value: e };
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return fail(`${key}[${i}] must be an object`);
    return e;
  });
}

function elementsIn(o: JsonObject, c: ProfileCollection): Record<string, unknown>[] {
  const name = c.spec.name;
  return list(o, name).map((e, i) =>
    Object.fromEntries(
      c.subs.map((s) => {
        const label = `${name}[${i}].${s.name}`;
        return [s.name, s.type === 'boolean' ? bool(ciGet(e, s.name), label) : optString(e, s.name, label)];
      }),
    ),
  );
}

function objectAt(o: JsonObject, key: string): JsonObject {
  const v = ciGet(o, key);
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return fail(`${key} must be an object`);
  return v;
}

/** Manager as a bare id, `{value}` or `[{value,$ref}]` (research §1.6); null/"" clears it. */
export function parseManagerRef(v: Json | undefined): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length === 0 ? null : parseManagerRef(v[0]);
  if (typeof v === 'object') {
    const value = ciGet(v, 'value');
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'string') return value;
  }
  return fail('manager must be an id, {"value": id} or [{"value": id}]');
}

/** A full SCIM User body (POST, PUT, or a patched resource) → what the provider asserts. Throws ScimError. */
export function fromScimUser(body: unknown): UserInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ScimError(400, 'The request body must be a SCIM User object', 'invalidSyntax');
  const o = body as JsonObject;
  const userName = ciGet(o, 'userName');
  if (typeof userName !== 'string' || userName.trim() === '')
    fail('userName is required and must be a non-empty string');
  const profile = emptyProfile(userName);
  for (const a of PROFILE_ATTRIBUTES) setProfileValue(profile, a, attributeIn(o, a));
  for (const c of PROFILE_COLLECTIONS) setProfileValues(profile, c.spec.name, elementsIn(o, c));
  profile.extra = extraAttributes(o);
  const managerRaw = ciGet(objectAt(o, ENTERPRISE_USER_URN), 'manager') ?? ciGet(o, 'manager');
  return { profile, active: parseActive(ciGet(o, 'active')), managerRef: parseManagerRef(managerRaw) };
}

// A core attribute is read at the top level (a sub-attribute inside its parent); an extension's
// in its URN block, else at the top level, where Entra's legacy body puts it. Aliases count too.
function attributeIn(o: JsonObject, a: ProfileAttribute): string | null {
  if (a.schema.id === CORE_USER_URN)
    return a.parent === undefined ? optString(o, a.spec.name) : optString(objectAt(o, a.parent), a.spec.name, a.path);
  const names = [a.spec.name, ...(a.spec.aliases ?? [])];
  const block = objectAt(o, a.schema.id);
  for (const n of names) {
    const v = optString(block, n, `${a.schema.id}:${n}`);
    if (v !== null) return v;
  }
  for (const n of names) {
    const v = optString(o, n);
    if (v !== null) return v;
  }
  return null;
}

// Custom attributes are stored as JSON and read back on every list page, PATCH and mapping
// evaluation, so their depth and size are bounded when they are accepted (json-limits.ts).
function extraAttributes(o: JsonObject): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  let bytes = 0;
  for (const [k, v] of Object.entries(o)) {
    if (v === null || CORE_KEYS.has(k) || ALIAS_KEYS.has(k.toLowerCase())) continue;
    const lower = k.toLowerCase();
    if (EXTENSION_URNS.has(lower)) continue;
    // Entra's malformed enterprise URN (…enterprise:2.0User) carries nothing we could trust; skip it.
    if (lower === 'urn:ietf:params:scim:schemas:extension:enterprise:2.0user') continue;
    if (tooDeepAt(v, MAX_CUSTOM_ATTRIBUTE_DEPTH) !== undefined)
      fail(`Custom attribute "${k}" nests more than ${MAX_CUSTOM_ATTRIBUTE_DEPTH} levels deep`);
    bytes += k.length + JSON.stringify(v).length;
    if (bytes > MAX_CUSTOM_ATTRIBUTES_BYTES)
      fail(`Custom attributes take more than ${MAX_CUSTOM_ATTRIBUTES_BYTES} bytes (at attribute "${k}")`);
    extra[k] = v;
  }
  return extra;
}
