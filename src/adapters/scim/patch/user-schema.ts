// The User attributes the PATCH engine knows: canonical names, shapes and mutability, derived
// from the attribute registry (RFC 7643 §4.1 core User, §4.3 enterprise extension, plus Roster's
// extension). Anything not listed is a custom attribute and is stored as written (research §1.4, S6).
import { findKeyCI } from './json-utils.js';
import { USER_RESOURCE, type AttributeSpec } from '../../../core/scim-schema/registry.js';
import { CORE_USER_URN, ENTERPRISE_USER_URN, canonicalSchemaUrn } from './schema-urns.js';
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
  /** Other names it is known by (`c42OrgName`), compared case-insensitively. */
  readonly aliases?: readonly string[];
}

/** Where an attribute lives: `container` is the extension key, or undefined for top level. */
export interface AttrSlot {
  readonly container: string | undefined;
  readonly name: string;
  readonly def: AttrDef | undefined;
}

// How the registry's attribute is patched. A single-valued complex attribute kept as the user's
// state is the enterprise manager reference (RFC 7643 §4.3).
function kindOf(a: AttributeSpec): AttrKind {
  if (a.mutability === 'readOnly') return 'readOnly';
  if (a.multiValued) return 'multi';
  if (a.type === 'complex') return a.storage.in === 'state' ? 'manager' : 'complex';
  return a.type === 'boolean' ? 'boolean' : 'string';
}

// RFC 7643 §2.4: a multi-valued attribute whose value is a reference may carry `$ref` beside `value`.
function subAttrsOf(a: AttributeSpec): readonly string[] | undefined {
  const subs = a.subAttributes?.map((s) => s.name);
  if (subs === undefined || !a.multiValued || !subs.includes('value') || subs.includes('$ref')) return subs;
  return [...subs, '$ref'];
}

function attrDef(a: AttributeSpec): AttrDef {
  const kind = kindOf(a);
  const subAttrs = kind === 'readOnly' ? undefined : subAttrsOf(a);
  return {
    name: a.name,
    kind,
    ...(subAttrs ? { subAttrs } : {}),
    ...(a.required ? { required: true } : {}),
    ...(a.aliases ? { aliases: a.aliases } : {}),
  };
}

// RFC 7643 §3: `schemas` is managed by the server; the common attributes (id, meta) are readOnly.
const CORE: readonly AttrDef[] = [
  ...USER_RESOURCE.common.map(attrDef),
  { name: 'schemas', kind: 'ignored' },
  ...USER_RESOURCE.schema.attributes.map(attrDef),
];

const BY_SCHEMA: ReadonlyMap<string | undefined, readonly AttrDef[]> = new Map<string | undefined, readonly AttrDef[]>([
  [undefined, CORE],
  ...USER_RESOURCE.extensions.map((e) => [e.id, e.attributes.map(attrDef)] as const),
]);
const MANAGER = BY_SCHEMA.get(ENTERPRISE_USER_URN)?.find((d) => d.kind === 'manager');

const named = (d: AttrDef, lower: string): boolean =>
  d.name.toLowerCase() === lower || (d.aliases ?? []).some((a) => a.toLowerCase() === lower);

/**
 * Resolves `schema` + `attr` (as written in a path) to where the attribute is stored.
 * Known names get their canonical casing; unknown ones keep the casing already used on
 * the resource, else the casing written. A bare `manager` means the enterprise manager.
 */
export function resolveUserSlot(resource: JsonObject, schema: string | undefined, attr: string): AttrSlot {
  const container = resolveContainer(resource, schema);
  const defs = BY_SCHEMA.get(container) ?? [];
  const lower = attr.toLowerCase();
  const def = defs.find((d) => named(d, lower));
  if (def !== undefined) return { container, name: def.name, def };
  // Entra's default mapping targets "manager" without the URN (research §1.6).
  if (container === undefined && lower === 'manager' && MANAGER !== undefined)
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
