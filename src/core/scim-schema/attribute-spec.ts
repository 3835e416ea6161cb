// The shape of one entry of the SCIM attribute registry: what RFC 7643 §7 says about an
// attribute (served as /Schemas), plus what Roster needs to know to filter, sort, patch, map
// and store it. Everything SCIM-shaped in Roster is derived from these entries (STYLE habit 12).

/** RFC 7643 §2.3 data types. */
export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex';
/** RFC 7643 §7 mutability. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
/** RFC 7643 §7 returned. */
export type Returned = 'always' | 'never' | 'default' | 'request';
/** RFC 7643 §7 uniqueness. */
export type Uniqueness = 'none' | 'server' | 'global';

/**
 * Where an attribute's value is kept. Columns are named without their table: a top-level
 * attribute's column is on `users` (or `groups`), a sub-attribute of a multi-valued one is on
 * `user_values`.
 */
export type AttributeStorage =
  /** a column; `lowerColumn` holds its lower-cased copy, which comparisons use (caseExact false) */
  | { readonly in: 'column'; readonly column: string; readonly lowerColumn?: string }
  /** a key of the users `attributes` JSON object: extension attributes without a column of their own */
  | { readonly in: 'json' }
  /** rows of user_values (attr = the attribute's name); the sub-attributes name its columns */
  | { readonly in: 'values' }
  /** the user's state rather than the profile: `active`, the enterprise `manager` reference */
  | { readonly in: 'state'; readonly column: string; readonly orElse?: string }
  /** group membership: a user's `groups`, a group's `members` */
  | { readonly in: 'membership' }
  /** a single-valued complex attribute: its sub-attributes say where they are kept (`name`) */
  | { readonly in: 'subAttributes' }
  /** computed when the resource is rendered (`meta.location`, `meta.resourceType`, `meta.version`) */
  | { readonly in: 'computed' }
  /** accepted and never stored (`password`) */
  | { readonly in: 'nowhere' };

/** One attribute (or sub-attribute) of a SCIM schema. */
export interface AttributeSpec {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly subAttributes?: readonly AttributeSpec[];
  readonly referenceTypes?: readonly string[];
  readonly canonicalValues?: readonly string[];
  /** Other names accepted for it on input and in paths, compared case-insensitively. */
  readonly aliases?: readonly string[];
  /** May be named in a filter (RFC 7644 §3.4.2.2). */
  readonly filterable: boolean;
  /** May be named in `sortBy` (RFC 7644 §3.4.2.3). */
  readonly sortable: boolean;
  readonly storage: AttributeStorage;
  /** Its name in the sync log (SPEC C5), when that is not its path. */
  readonly logName?: string;
}

/** A schema (RFC 7643 §7): its URN, name and attributes. */
export interface SchemaSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeSpec[];
}

type Options = Partial<Omit<AttributeSpec, 'name'>>;

/**
 * An attribute with RFC 7643 §2.2's defaults (a single-valued, caseExact false, readWrite string
 * returned by default, not unique), filterable, and sortable when simple and single-valued.
 */
export function attribute(name: string, o: Options = {}): AttributeSpec {
  const type = o.type ?? 'string';
  const multiValued = o.multiValued ?? false;
  const filterable = o.filterable ?? true;
  return {
    name,
    type,
    multiValued,
    description: o.description ?? name,
    required: o.required ?? false,
    caseExact: o.caseExact ?? false,
    mutability: o.mutability ?? 'readWrite',
    returned: o.returned ?? 'default',
    uniqueness: o.uniqueness ?? 'none',
    ...(o.subAttributes ? { subAttributes: o.subAttributes } : {}),
    ...(o.referenceTypes ? { referenceTypes: o.referenceTypes } : {}),
    ...(o.canonicalValues ? { canonicalValues: o.canonicalValues } : {}),
    ...(o.aliases ? { aliases: o.aliases } : {}),
    ...(o.logName ? { logName: o.logName } : {}),
    filterable,
    sortable: o.sortable ?? (filterable && !multiValued && type !== 'complex'),
    storage: o.storage ?? (type === 'complex' ? { in: 'subAttributes' } : { in: 'nowhere' }),
  };
}

/** A string attribute kept in `column` of its table. */
export function stored(name: string, column: string, o: Options = {}): AttributeSpec {
  return attribute(name, { ...o, storage: { in: 'column', column } });
}

/** A string attribute of an extension kept in the users `attributes` JSON object. */
export function storedAsJson(name: string, o: Options = {}): AttributeSpec {
  return attribute(name, { ...o, storage: { in: 'json' } });
}
