// Which SCIM attribute paths a filter may name, and what each one means in the core query
// model. Names are case-insensitive (RFC 7643 §2.1) and may carry their schema URN
// (RFC 7644 §3.10, "urn:…:User:userName"); unqualified names are looked up in every schema.
import {
  GROUP_FIELDS,
  USER_FIELDS,
  type FieldKind,
  type GroupCollection,
  type GroupField,
  type MultiField,
  type UserCollection,
  type UserField,
} from '../../../core/directory/query.js';
import { CORE_GROUP_URN, CORE_USER_URN, ENTERPRISE_USER_URN, ROSTER_USER_URN } from '../patch/schema-urns.js';

/** What a filter attribute path names. */
export type AttrTarget<F extends string, C extends string> =
  | { kind: 'field'; field: F }
  /** a multi-valued attribute, optionally with a sub-attribute (`emails`, `emails.type`) */
  | { kind: 'collection'; collection: C; sub: MultiField | undefined }
  /** a single-valued complex attribute without sub-attribute (`name`): only `pr` applies */
  | { kind: 'complex'; fields: readonly F[] }
  /** an attribute every resource has with fixed values (`meta.resourceType`, `schemas`) */
  | { kind: 'constant'; values: readonly string[] }
  /** an attribute that exists but may not be filtered on (`password`, returned "never") */
  | { kind: 'unfilterable' };

/** The attribute vocabulary of one resource type. */
export interface ResourceAttributes<F extends string, C extends string> {
  fieldKind(field: F): FieldKind;
  /** The target of a (possibly URN-qualified) attribute path, or undefined when unknown. */
  resolve(path: string): AttrTarget<F, C> | undefined;
  /** The sub-attribute of `collection` called `name` (case-insensitive), or undefined. */
  resolveSub(collection: C, name: string): MultiField | undefined;
  /** The sub-attribute meant when a collection is compared without one (`emails eq "x"`). */
  defaultSub(collection: C): MultiField | undefined;
}

type Namespace<F extends string, C extends string> = Record<string, AttrTarget<F, C>>;

const field = <F extends string>(f: F) => ({ kind: 'field', field: f }) as const;
const collection = <C extends string>(c: C) => ({ kind: 'collection', collection: c, sub: undefined }) as const;

// RFC 7643 §2.4: sub-attributes of the standard multi-valued attributes; §4.1.2 addresses.
const STANDARD_SUBS: readonly MultiField[] = ['value', 'display', 'type', 'primary'];
const ADDRESS_SUBS: readonly MultiField[] = [
  'formatted',
  'streetAddress',
  'locality',
  'region',
  'postalCode',
  'country',
  'type',
  'primary',
];
// groups (RFC 7643 §4.1.2) and members (§4.2): value is an id, display a name.
const REFERENCE_SUBS: readonly MultiField[] = ['value', 'display'];

const NAME_FIELDS = [
  'name.formatted',
  'name.givenName',
  'name.familyName',
  'name.middleName',
  'name.honorificPrefix',
  'name.honorificSuffix',
] as const;

const USER_CORE: Namespace<UserField, UserCollection> = {
  ...Object.fromEntries(
    (
      [
        'id',
        'externalId',
        'userName',
        'displayName',
        'nickName',
        'profileUrl',
        'title',
        'userType',
        'preferredLanguage',
        'locale',
        'timezone',
        'active',
        ...NAME_FIELDS,
      ] as const
    ).map((f) => [f, field(f)]),
  ),
  name: { kind: 'complex', fields: NAME_FIELDS },
  'meta.created': field('created'),
  'meta.lastModified': field('lastModified'),
  'meta.resourceType': { kind: 'constant', values: ['User'] },
  schemas: { kind: 'constant', values: [CORE_USER_URN, ENTERPRISE_USER_URN, ROSTER_USER_URN] },
  password: { kind: 'unfilterable' },
  ...Object.fromEntries(
    (
      [
        'emails',
        'phoneNumbers',
        'ims',
        'photos',
        'entitlements',
        'roles',
        'x509Certificates',
        'addresses',
        'groups',
      ] as const
    ).map((c) => [c, collection(c)]),
  ),
};

// RFC 7643 §4.3; `manager` is a complex reference whose `value` is the manager's id.
const USER_ENTERPRISE: Namespace<UserField, UserCollection> = {
  ...Object.fromEntries(
    (['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const).map((f) => [f, field(f)]),
  ),
  manager: field('managerId'),
  'manager.value': field('managerId'),
};

// Roster's extension; c42OrgName is the name earlier clients used for orgName.
const USER_ROSTER: Namespace<UserField, UserCollection> = {
  orgName: field('orgName'),
  c42OrgName: field('orgName'),
  employeeType: field('employeeType'),
};

const GROUP_CORE: Namespace<GroupField, GroupCollection> = {
  id: field('id'),
  externalId: field('externalId'),
  displayName: field('displayName'),
  'meta.created': field('created'),
  'meta.lastModified': field('lastModified'),
  'meta.resourceType': { kind: 'constant', values: ['Group'] },
  schemas: { kind: 'constant', values: [CORE_GROUP_URN] },
  members: collection('members'),
};

/** The User vocabulary: core, enterprise extension and Roster extension. */
export const USER_ATTRIBUTES: ResourceAttributes<UserField, UserCollection> = vocabulary(
  (f) => USER_FIELDS[f],
  [
    [CORE_USER_URN, USER_CORE],
    [ENTERPRISE_USER_URN, USER_ENTERPRISE],
    [ROSTER_USER_URN, USER_ROSTER],
  ],
  (c) => (c === 'addresses' ? ADDRESS_SUBS : c === 'groups' ? REFERENCE_SUBS : STANDARD_SUBS),
);

/** The Group vocabulary. */
export const GROUP_ATTRIBUTES: ResourceAttributes<GroupField, GroupCollection> = vocabulary(
  (f) => GROUP_FIELDS[f],
  [[CORE_GROUP_URN, GROUP_CORE]],
  () => REFERENCE_SUBS,
);

function vocabulary<F extends string, C extends string>(
  fieldKind: (f: F) => FieldKind,
  schemas: readonly (readonly [string, Namespace<F, C>])[],
  subsOf: (c: C) => readonly MultiField[],
): ResourceAttributes<F, C> {
  const lowered = (ns: Namespace<F, C>) => new Map(Object.entries(ns).map(([k, v]) => [k.toLowerCase(), v]));
  const qualified = schemas.map(([urn, ns]) => [`${urn.toLowerCase()}:`, lowered(ns)] as const);
  const unqualified = new Map(qualified.flatMap(([, map]) => [...map]));
  const resolveSub = (c: C, name: string) => subsOf(c).find((s) => s.toLowerCase() === name.toLowerCase());

  const resolve = (path: string): AttrTarget<F, C> | undefined => {
    const lower = path.toLowerCase();
    const schema = qualified.find(([prefix]) => lower.startsWith(prefix));
    const names = schema ? schema[1] : unqualified;
    const rest = schema ? lower.slice(schema[0].length) : lower;
    const direct = names.get(rest);
    if (direct) return direct;
    const dot = rest.indexOf('.');
    const head = dot < 0 ? undefined : names.get(rest.slice(0, dot));
    if (head?.kind !== 'collection') return undefined;
    const sub = resolveSub(head.collection, rest.slice(dot + 1));
    return sub ? { kind: 'collection', collection: head.collection, sub } : undefined;
  };

  return {
    fieldKind,
    resolve,
    resolveSub,
    defaultSub: (c) => (subsOf(c).includes('value') ? 'value' : undefined),
  };
}

/** The user field to sort by for a `sortBy` attribute path (RFC 7644 §3.4.2.3), if sortable. */
export function resolveUserSortField(attrPath: string): UserField | undefined {
  const target = USER_ATTRIBUTES.resolve(attrPath);
  return target?.kind === 'field' ? target.field : undefined;
}

/** The group field to sort by for a `sortBy` attribute path (RFC 7644 §3.4.2.3), if sortable. */
export function resolveGroupSortField(attrPath: string): GroupField | undefined {
  const target = GROUP_ATTRIBUTES.resolve(attrPath);
  return target?.kind === 'field' ? target.field : undefined;
}
