/**
 * A storage-neutral query over users or groups. Adapters translate their filter languages
 * (SCIM filters, admin search) into this tree; storage translates it into SQL, so filters
 * are always evaluated in the database (SPEC C2), never in memory.
 */

/**
 * A scalar user field that can be compared, sorted and tested for presence: a filterable
 * single-valued attribute path of the SCIM attribute registry (`userName`, `name.givenName`,
 * `manager.value`, `meta.created`); core/scim-schema/filter-vocabulary.ts lists them.
 */
export type UserField = string;

/** A sub-field of the elements of a collection (`value`, `type`, `locality`, …), named as its sub-attribute. */
export type MultiField = string;

/** A collection a user predicate can test with "some element matches": a multi-valued attribute (`emails`, `groups`). */
export type UserCollection = string;

/** A scalar group field, named as its attribute path (`displayName`, `meta.created`). */
export type GroupField = string;

/** Group collections: `members`, whose field `value` is a user id and `display` a userName. */
export type GroupCollection = string;

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
