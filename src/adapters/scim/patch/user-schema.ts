// The User attributes the PATCH engine knows: canonical names, shapes and mutability
// (RFC 7643 §4.1 core User, §4.3 enterprise extension, plus Roster's extension).
// Anything not listed is a custom attribute and is stored as written (research §1.4, S6).
import { findKeyCI } from './json-utils.js';
import { CORE_USER_URN, ENTERPRISE_USER_URN, ROSTER_USER_URN, canonicalSchemaUrn } from './schema-urns.js';
import type { JsonObject } from './types.js';

/**
 * How an attribute is patched:
 * string/boolean — single-valued simple; complex — single-valued with sub-attributes;
 * multi — multi-valued complex; manager — the enterprise reference (RFC 7643 §4.3);
 * readOnly — server-owned (id, meta, groups); ignored — `schemas`, managed by the server.
 */
export type AttrKind = 'string' | 'boolean' | 'complex' | 'multi' | 'manager' | 'readOnly' | 'ignored';

/** A known attribute's canonical name and shape. */
export interface AttrDef {
  readonly name: string;
  readonly kind: AttrKind;
  readonly subAttrs?: readonly string[];
  /** RFC 7643 "required": may not be removed or set to null. */
  readonly required?: boolean;
}

/** Where an attribute lives: `container` is the extension key, or undefined for top level. */
export interface AttrSlot {
  readonly container: string | undefined;
  readonly name: string;
  readonly def: AttrDef | undefined;
}

const NAME_SUBS = ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'];
const MULTI_SUBS = ['value', 'display', 'type', 'primary', '$ref'];
const ADDRESS_SUBS = ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type', 'primary'];
const MANAGER_SUBS = ['value', '$ref', 'displayName'];

const str = (name: string, required = false): AttrDef => ({ name, kind: 'string', ...(required ? { required } : {}) });
const multi = (name: string, subAttrs = MULTI_SUBS): AttrDef => ({ name, kind: 'multi', subAttrs });

const CORE: readonly AttrDef[] = [
  { name: 'id', kind: 'readOnly' },
  { name: 'meta', kind: 'readOnly' },
  { name: 'groups', kind: 'readOnly' }, // RFC 7643 §4.1.2: groups is readOnly
  { name: 'schemas', kind: 'ignored' },
  str('externalId'),
  str('userName', true),
  str('displayName'),
  str('nickName'),
  str('profileUrl'),
  str('title'),
  str('userType'),
  str('preferredLanguage'),
  str('locale'),
  str('timezone'),
  str('password'),
  { name: 'name', kind: 'complex', subAttrs: NAME_SUBS },
  { name: 'active', kind: 'boolean' },
  multi('emails'),
  multi('phoneNumbers'),
  multi('ims'),
  multi('photos'),
  multi('addresses', ADDRESS_SUBS),
  multi('entitlements'),
  multi('roles'),
  multi('x509Certificates'),
];

const MANAGER: AttrDef = { name: 'manager', kind: 'manager', subAttrs: MANAGER_SUBS };
const ENTERPRISE: readonly AttrDef[] = [
  str('employeeNumber'),
  str('costCenter'),
  str('organization'),
  str('division'),
  str('department'),
  MANAGER,
];
const ROSTER: readonly AttrDef[] = [str('orgName'), str('employeeType')];

// Aliases: old Code42-era mappings name the organization attribute c42OrgName.
const ROSTER_ALIASES: Readonly<Record<string, string>> = { c42orgname: 'orgName' };

const BY_SCHEMA: ReadonlyMap<string | undefined, readonly AttrDef[]> = new Map([
  [undefined, CORE],
  [ENTERPRISE_USER_URN, ENTERPRISE],
  [ROSTER_USER_URN, ROSTER],
]);

/**
 * Resolves `schema` + `attr` (as written in a path) to where the attribute is stored.
 * Known names get their canonical casing; unknown ones keep the casing already used on
 * the resource, else the casing written. A bare `manager` means the enterprise manager.
 */
export function resolveUserSlot(resource: JsonObject, schema: string | undefined, attr: string): AttrSlot {
  const container = resolveContainer(resource, schema);
  const defs = BY_SCHEMA.get(container) ?? [];
  const lower = attr.toLowerCase();
  const alias = container === ROSTER_USER_URN ? ROSTER_ALIASES[lower] : undefined;
  const def = defs.find((d) => d.name.toLowerCase() === (alias ?? attr).toLowerCase());
  if (def !== undefined) return { container, name: def.name, def };
  // Entra's default mapping targets "manager" without the URN (research §1.6).
  if (container === undefined && lower === 'manager')
    return { container: ENTERPRISE_USER_URN, name: 'manager', def: MANAGER };
  const holder = container === undefined ? resource : resource[container];
  const existing =
    holder !== null && typeof holder === 'object' && !Array.isArray(holder) ? findKeyCI(holder, attr) : undefined;
  return { container, name: existing ?? attr, def: undefined };
}

/** The resource key for a schema URN: undefined for core, canonical for known URNs. */
export function resolveContainer(resource: JsonObject, schema: string | undefined): string | undefined {
  if (schema === undefined) return undefined;
  const known = canonicalSchemaUrn(schema);
  if (known === CORE_USER_URN) return undefined;
  if (known !== undefined) return known;
  // Unknown extension (e.g. Entra custom "…:CustomExtensionName:2.0:User"): reuse its key's casing.
  return findKeyCI(resource, schema) ?? schema;
}

/** The canonical sub-attribute name of `def`, the name as written for custom attributes, or undefined if unknown. */
export function canonicalSubAttr(def: AttrDef | undefined, sub: string): string | undefined {
  if (def?.subAttrs === undefined) return sub;
  const lower = sub.toLowerCase();
  return def.subAttrs.find((s) => s.toLowerCase() === lower);
}

/** True for the sub-attributes SCIM defines as boolean (RFC 7643 §2.4 `primary`). */
export function isBooleanSubAttr(sub: string): boolean {
  return sub === 'primary';
}
