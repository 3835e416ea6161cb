// The SCIM attribute registry: every schema Roster serves, the resource types that use them and
// the common attributes every resource has. /Schemas, the filter vocabulary, PATCH shapes, the
// mappers, organization-mapping paths, the sync log's attribute names and the stored columns are
// all derived from here (STYLE habit 12).
import { attribute, type AttributeSpec, type SchemaSpec } from './attribute-spec.js';
import { CORE_GROUP_SCHEMA, CORE_GROUP_URN } from './core-group-schema.js';
import { CORE_USER_SCHEMA, CORE_USER_URN } from './core-user-schema.js';
import { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_URN } from './enterprise-user-schema.js';
import { ROSTER_USER_SCHEMA, ROSTER_USER_URN } from './roster-user-schema.js';

export { CORE_GROUP_URN, CORE_USER_URN, ENTERPRISE_USER_URN, ROSTER_USER_URN };
export type { AttributeSpec, SchemaSpec };

/** A resource type (RFC 7643 §6): its core schema and its extensions. */
export interface ResourceTypeSpec {
  readonly id: 'User' | 'Group';
  readonly endpoint: string;
  readonly schema: SchemaSpec;
  readonly extensions: readonly SchemaSpec[];
  /** RFC 7643 §3.1 attributes every resource has, not listed in its schema. */
  readonly common: readonly AttributeSpec[];
}

// RFC 7643 §3.1: id is assigned by the server; meta is kept by it.
const common = (): AttributeSpec[] => [
  attribute('id', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
    storage: { in: 'column', column: 'id' },
  }),
  attribute('meta', {
    type: 'complex',
    mutability: 'readOnly',
    subAttributes: [
      attribute('resourceType', { mutability: 'readOnly', storage: { in: 'computed' } }),
      attribute('created', {
        type: 'dateTime',
        mutability: 'readOnly',
        storage: { in: 'column', column: 'created_at' },
      }),
      attribute('lastModified', {
        type: 'dateTime',
        mutability: 'readOnly',
        storage: { in: 'column', column: 'updated_at' },
      }),
      attribute('location', {
        type: 'reference',
        mutability: 'readOnly',
        filterable: false,
        storage: { in: 'computed' },
      }),
      attribute('version', { mutability: 'readOnly', filterable: false, storage: { in: 'computed' } }),
    ],
  }),
];

/** Users: core User plus the enterprise and Roster extensions. */
export const USER_RESOURCE: ResourceTypeSpec = {
  id: 'User',
  endpoint: '/Users',
  schema: CORE_USER_SCHEMA,
  extensions: [ENTERPRISE_USER_SCHEMA, ROSTER_USER_SCHEMA],
  common: common(),
};

/** Groups: core Group only. */
export const GROUP_RESOURCE: ResourceTypeSpec = {
  id: 'Group',
  endpoint: '/Groups',
  schema: CORE_GROUP_SCHEMA,
  extensions: [],
  common: common(),
};

/** Every resource type, in the order /ResourceTypes lists them. */
export const RESOURCE_TYPES: readonly ResourceTypeSpec[] = [USER_RESOURCE, GROUP_RESOURCE];

/** Every schema, in the order /Schemas lists them. */
export const SCHEMAS: readonly SchemaSpec[] = [
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  ROSTER_USER_SCHEMA,
  CORE_GROUP_SCHEMA,
];

/** The schemas of a resource type: its core schema first. */
export const schemasOf = (r: ResourceTypeSpec): readonly SchemaSpec[] => [r.schema, ...r.extensions];

/** Every URN above; used to split `URN:attr` paths and to canonicalise URN casing. */
export const KNOWN_SCHEMA_URNS: readonly string[] = SCHEMAS.map((s) => s.id);

/** The canonical spelling of a known schema URN (compared case-insensitively), or undefined. */
export function canonicalSchemaUrn(urn: string): string | undefined {
  const lower = urn.toLowerCase();
  return KNOWN_SCHEMA_URNS.find((u) => u.toLowerCase() === lower);
}

/** True when `name` (any casing) is the attribute's name or one of its aliases (RFC 7643 §2.1). */
export function isNamed(spec: AttributeSpec, name: string): boolean {
  const lower = name.toLowerCase();
  return spec.name.toLowerCase() === lower || (spec.aliases ?? []).some((a) => a.toLowerCase() === lower);
}

/** The attribute of `attributes` called `name` (case-insensitive, aliases included), or undefined. */
export function findAttribute(attributes: readonly AttributeSpec[], name: string): AttributeSpec | undefined {
  return attributes.find((a) => isNamed(a, name));
}
