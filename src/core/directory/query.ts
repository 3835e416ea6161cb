/**
 * A storage-neutral query over users or groups. Adapters translate their filter languages
 * (SCIM filters, admin search) into this tree; storage translates it into SQL, so filters
 * are always evaluated in the database (SPEC C2), never in memory.
 */

/** Scalar user fields that can be compared, sorted and tested for presence. */
export const USER_FIELDS = {
  id: 'string',
  userName: 'ci-string',
  externalId: 'string',
  displayName: 'ci-string',
  nickName: 'ci-string',
  profileUrl: 'ci-string',
  title: 'ci-string',
  userType: 'ci-string',
  preferredLanguage: 'ci-string',
  locale: 'ci-string',
  timezone: 'ci-string',
  active: 'boolean',
  'name.formatted': 'ci-string',
  'name.givenName': 'ci-string',
  'name.familyName': 'ci-string',
  'name.middleName': 'ci-string',
  'name.honorificPrefix': 'ci-string',
  'name.honorificSuffix': 'ci-string',
  employeeNumber: 'ci-string',
  costCenter: 'ci-string',
  organization: 'ci-string',
  division: 'ci-string',
  department: 'ci-string',
  employeeType: 'ci-string',
  orgName: 'ci-string',
  managerId: 'string',
  created: 'datetime',
  lastModified: 'datetime',
} as const;
export type UserField = keyof typeof USER_FIELDS;

/** Sub-fields of the rows of a user's multi-valued attributes (emails, phoneNumbers, addresses, …). */
export const MULTI_FIELDS = {
  value: 'ci-string',
  type: 'ci-string',
  primary: 'boolean',
  display: 'ci-string',
  formatted: 'ci-string',
  streetAddress: 'ci-string',
  locality: 'ci-string',
  region: 'ci-string',
  postalCode: 'ci-string',
  country: 'ci-string',
} as const;
export type MultiField = keyof typeof MULTI_FIELDS;

/** Collections a user predicate can test with "some element matches". */
export type UserCollection =
  | 'emails'
  | 'phoneNumbers'
  | 'ims'
  | 'photos'
  | 'entitlements'
  | 'roles'
  | 'x509Certificates'
  | 'addresses'
  /** the groups the user is a member of; field `value` = group id, `display` = group name */
  | 'groups';

export const GROUP_FIELDS = {
  id: 'string',
  displayName: 'ci-string',
  externalId: 'string',
  created: 'datetime',
  lastModified: 'datetime',
} as const;
export type GroupField = keyof typeof GROUP_FIELDS;

/** Group collections: `members` with field `value` = user id, `display` = userName. */
export type GroupCollection = 'members';

export type FieldKind = 'string' | 'ci-string' | 'boolean' | 'datetime';
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type Scalar = string | number | boolean | null;

/** A predicate over records with scalar fields F and collections C (sub-fields MULTI_FIELDS). */
export type Predicate<F extends string, C extends string> =
  | { kind: 'compare'; field: F; op: CompareOp; value: Scalar }
  | { kind: 'present'; field: F }
  | { kind: 'and' | 'or'; items: Predicate<F, C>[] }
  | { kind: 'not'; item: Predicate<F, C> }
  /** some element of `collection` satisfies `where` (an element predicate) */
  | { kind: 'some'; collection: C; where: Predicate<MultiField, never> }
  /** constant true/false, e.g. for a filter on an attribute that is never stored */
  | { kind: 'const'; value: boolean };

export type UserPredicate = Predicate<UserField, UserCollection>;
export type GroupPredicate = Predicate<GroupField, GroupCollection>;

export interface SortSpec<F extends string> {
  field: F;
  direction: 'asc' | 'desc';
}

/** An offset page request with a stable order (ties broken by id). */
export interface PageRequest<F extends string, C extends string> {
  filter?: Predicate<F, C>;
  sort?: SortSpec<F>;
  offset: number;
  limit: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}
