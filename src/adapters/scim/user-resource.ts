import type { Address, MultiValue, MultiValueAttribute, UserProfile } from '../../core/directory/user.js';
import { MULTI_VALUE_ATTRIBUTES, emptyProfile } from '../../core/directory/user.js';
import type { UserInput } from '../../core/provisioning/user-input.js';
import type { ProvisionedUser } from '../../core/provisioning/user-provisioning.js';
import { CORE_USER_URN, ENTERPRISE_USER_URN, ROSTER_USER_URN } from './patch/schema-urns.js';
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

const multiOut = (v: MultiValue): JsonObject =>
  compact({ value: v.value, type: v.type, primary: v.primary || undefined, display: v.display });
const addressOut = (a: Address): JsonObject =>
  compact({
    type: a.type,
    primary: a.primary || undefined,
    formatted: a.formatted,
    streetAddress: a.streetAddress,
    locality: a.locality,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country,
  });

/**
 * A linked manager is the Roster user it names (RFC 7643 §4.3); a pending one (SPEC C2 beyond) is
 * shown as the provider sent it, with no `$ref` since no such resource exists yet, so that a
 * provider comparing what it sent with what it reads back does not send it again.
 */
function managerOut(user: ProvisionedUser['user'], baseUrl: string): JsonObject | null {
  if (user.managerId) return { value: user.managerId, $ref: `${baseUrl}/Users/${user.managerId}` };
  return user.pendingManager ? { value: user.pendingManager } : null;
}

/** The full SCIM representation of a provisioned user. */
export function toScimUser({ user, groups }: ProvisionedUser, baseUrl: string): JsonObject {
  const p = user.profile;
  const enterprise = compact({
    employeeNumber: p.employeeNumber,
    costCenter: p.costCenter,
    organization: p.organization,
    division: p.division,
    department: p.department,
    manager: managerOut(user, baseUrl),
  });
  const roster = compact({ orgName: p.orgName, employeeType: p.employeeType });
  const name = compact({ ...p.name });
  const out: JsonObject = {
    schemas: [
      CORE_USER_URN,
      ...(Object.keys(enterprise).length ? [ENTERPRISE_USER_URN] : []),
      ...(Object.keys(roster).length ? [ROSTER_USER_URN] : []),
    ],
    id: user.id,
    ...compact({ externalId: p.externalId }),
    userName: p.userName,
    ...(Object.keys(name).length ? { name } : {}),
    ...compact({
      displayName: p.displayName,
      nickName: p.nickName,
      profileUrl: p.profileUrl,
      title: p.title,
      userType: p.userType,
      preferredLanguage: p.preferredLanguage,
      locale: p.locale,
      timezone: p.timezone,
    }),
    active: user.scimActive,
  };
  for (const attr of MULTI_VALUE_ATTRIBUTES) if (p.multi[attr].length) out[attr] = p.multi[attr].map(multiOut);
  if (p.addresses.length) out.addresses = p.addresses.map(addressOut);
  out.groups = groups.map((g) => ({
    value: g.id,
    display: g.displayName,
    $ref: `${baseUrl}/Groups/${g.id}`,
    type: 'direct',
  }));
  if (Object.keys(enterprise).length) out[ENTERPRISE_USER_URN] = enterprise;
  if (Object.keys(roster).length) out[ROSTER_USER_URN] = roster;
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
  'id',
  'meta',
  'groups',
  'password',
  'externalId',
  'userName',
  'name',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'addresses',
  ...MULTI_VALUE_ATTRIBUTES,
]);
// Entra's legacy body puts enterprise attributes at the top level (research §1.4 Example 2).
const ENTERPRISE_KEYS = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const;
const ALIAS_KEYS = new Set([
  'manager',
  'orgname',
  'c42orgname',
  'employeetype',
  ...ENTERPRISE_KEYS.map((k) => k.toLowerCase()),
]);

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

function multiIn(o: JsonObject, key: MultiValueAttribute): MultiValue[] {
  return list(o, key).map((e, i) => ({
    value: optString(e, 'value', `${key}[${i}].value`),
    type: optString(e, 'type', `${key}[${i}].type`),
    primary: bool(ciGet(e, 'primary'), `${key}[${i}].primary`),
    display: optString(e, 'display', `${key}[${i}].display`),
  }));
}

function addressesIn(o: JsonObject): Address[] {
  return list(o, 'addresses').map((e, i) => {
    const s = (k: string): string | null => optString(e, k, `addresses[${i}].${k}`);
    return {
      type: s('type'),
      primary: bool(ciGet(e, 'primary'), `addresses[${i}].primary`),
      formatted: s('formatted'),
      streetAddress: s('streetAddress'),
      locality: s('locality'),
      region: s('region'),
      postalCode: s('postalCode'),
      country: s('country'),
    };
  });
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
  const enterprise = { ...objectAt(o, ENTERPRISE_USER_URN) };
  const roster = objectAt(o, ROSTER_USER_URN);
  const ent = (k: string): string | null => optString(enterprise, k, `${ENTERPRISE_USER_URN}:${k}`) ?? optString(o, k);
  const name = objectAt(o, 'name');
  const profile: UserProfile = {
    ...emptyProfile(userName),
    externalId: optString(o, 'externalId'),
    displayName: optString(o, 'displayName'),
    nickName: optString(o, 'nickName'),
    profileUrl: optString(o, 'profileUrl'),
    title: optString(o, 'title'),
    userType: optString(o, 'userType'),
    preferredLanguage: optString(o, 'preferredLanguage'),
    locale: optString(o, 'locale'),
    timezone: optString(o, 'timezone'),
    name: {
      formatted: optString(name, 'formatted', 'name.formatted'),
      givenName: optString(name, 'givenName', 'name.givenName'),
      familyName: optString(name, 'familyName', 'name.familyName'),
      middleName: optString(name, 'middleName', 'name.middleName'),
      honorificPrefix: optString(name, 'honorificPrefix', 'name.honorificPrefix'),
      honorificSuffix: optString(name, 'honorificSuffix', 'name.honorificSuffix'),
    },
    multi: Object.fromEntries(MULTI_VALUE_ATTRIBUTES.map((a) => [a, multiIn(o, a)])) as Record<
      MultiValueAttribute,
      MultiValue[]
    >,
    addresses: addressesIn(o),
    employeeNumber: ent('employeeNumber'),
    costCenter: ent('costCenter'),
    organization: ent('organization'),
    division: ent('division'),
    department: ent('department'),
    employeeType: optString(roster, 'employeeType') ?? optString(o, 'employeeType'),
    orgName:
      optString(roster, 'orgName') ??
      optString(roster, 'c42OrgName') ??
      optString(o, 'orgName') ??
      optString(o, 'c42OrgName'),
    extra: extraAttributes(o),
  };
  const managerRaw = ciGet(enterprise, 'manager') ?? ciGet(o, 'manager');
  return { profile, active: parseActive(ciGet(o, 'active')), managerRef: parseManagerRef(managerRaw) };
}

// Custom attributes are stored as JSON and read back on every list page, PATCH and mapping
// evaluation, so their depth and size are bounded when they are accepted (json-limits.ts).
function extraAttributes(o: JsonObject): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  let bytes = 0;
  for (const [k, v] of Object.entries(o)) {
    if (v === null || CORE_KEYS.has(k) || ALIAS_KEYS.has(k.toLowerCase())) continue;
    const lower = k.toLowerCase();
    if (lower === ENTERPRISE_USER_URN.toLowerCase() || lower === ROSTER_USER_URN.toLowerCase()) continue;
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
