// SCIM filter text (RFC 7644 §3.4.2.2) → the storage-neutral core predicate, which storage
// turns into SQL (SPEC C2). The text is parsed and checked by core's one filter entry point
// (filter-syntax.ts); this file maps attribute paths and checks value types.
import {
  type GroupPredicate,
  type MultiField,
  type Predicate,
  type UserPredicate,
} from '../../../core/directory/query.js';
import { err, ok, type Result } from '../../../core/result.js';
import { GROUP_ATTRIBUTES, USER_ATTRIBUTES, type ResourceAttributes } from './filter-attributes.js';
import {
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseFilterSyntax,
  type FilterCompareOp,
  type FilterNode,
  type FilterValue,
} from '../../../core/scim-schema/filter-syntax.js';
import { InvalidFilter, checkValue, compareConstant } from './filter-values.js';

export { resolveGroupSortField, resolveUserSortField } from './filter-attributes.js';

/** Why a filter was rejected: always RFC 7644 §3.12 `invalidFilter` (HTTP 400). */
export interface FilterError {
  scimType: 'invalidFilter';
  detail: string;
}

export { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH };

/** A user or group predicate: fields and collections are attribute paths of the registry. */
type AnyPredicate = Predicate<string, string>;

type Compare = { op: FilterCompareOp; attrPath: string; compValue: FilterValue };

/** Parses a `/Users` filter into a user predicate. */
export function parseUserFilter(text: string): Result<UserPredicate, FilterError> {
  return parseFilter(text, USER_ATTRIBUTES);
}

/** Parses a `/Groups` filter into a group predicate. */
export function parseGroupFilter(text: string): Result<GroupPredicate, FilterError> {
  return parseFilter(text, GROUP_ATTRIBUTES);
}

function parseFilter(text: string, attrs: ResourceAttributes): Result<AnyPredicate, FilterError> {
  const syntax = parseFilterSyntax(text);
  if (!syntax.ok) return invalid(syntax.error.detail);
  try {
    return ok(walk(syntax.value, resourceLeaves(attrs)));
  } catch (e) {
    if (e instanceof InvalidFilter) return invalid(e.message);
    throw e;
  }
}

const invalid = (detail: string) => err<FilterError>({ scimType: 'invalidFilter', detail });

/** How the leaves of a filter (comparisons, presence tests, value paths) become predicates. */
interface Leaves<F extends string, C extends string> {
  compare(node: Compare): Predicate<F, C>;
  present(attrPath: string): Predicate<F, C>;
  valuePath(attrPath: string, where: FilterNode): Predicate<F, C>;
}

// Depth is bounded by parseFilterSyntax (MAX_FILTER_DEPTH), so this recursion is shallow.
function walk<F extends string, C extends string>(node: FilterNode, leaves: Leaves<F, C>): Predicate<F, C> {
  switch (node.op) {
    case 'and':
    case 'or':
      return { kind: node.op, items: node.filters.map((f) => walk(f, leaves)) };
    case 'not':
      return { kind: 'not', item: walk(node.filter, leaves) };
    case '[]':
      return leaves.valuePath(node.attrPath, node.valFilter);
    case 'pr':
      return leaves.present(node.attrPath);
    default:
      return leaves.compare(node);
  }
}

const unknown = (attrPath: string) => new InvalidFilter(`Unknown attribute "${attrPath}" in filter`);

function resourceLeaves(attrs: ResourceAttributes): Leaves<string, string> {
  const target = (attrPath: string) => {
    const t = attrs.resolve(attrPath);
    if (!t) throw unknown(attrPath);
    // RFC 7643 §4.1.1: password is "returned never" and cannot be matched.
    if (t.kind === 'unfilterable') throw new InvalidFilter(`Attribute "${attrPath}" cannot be used in a filter`);
    return t;
  };
  return {
    compare(node) {
      const t = target(node.attrPath);
      const value = node.compValue;
      switch (t.kind) {
        case 'field':
          return {
            kind: 'compare',
            field: t.field,
            op: node.op,
            value: checkValue(node.attrPath, attrs.fieldKind(t.field), node.op, value),
          };
        case 'collection': {
          // RFC 7644 §3.4.2.2: a multi-valued attribute without sub-attribute compares its "value".
          const sub = t.sub ?? attrs.defaultSub(t.collection);
          if (!sub)
            throw new InvalidFilter(`Attribute "${node.attrPath}" is complex; compare one of its sub-attributes`);
          return some(t.collection, {
            kind: 'compare',
            field: sub,
            op: node.op,
            value: checkValue(node.attrPath, attrs.subKind(t.collection, sub), node.op, value),
          });
        }
        case 'complex':
          throw new InvalidFilter(`Attribute "${node.attrPath}" is complex; compare one of its sub-attributes`);
        case 'constant':
          return { kind: 'const', value: compareConstant(node.attrPath, t.values, node.op, value) };
      }
    },
    present(attrPath) {
      const t = target(attrPath);
      switch (t.kind) {
        case 'field':
          return { kind: 'present', field: t.field };
        case 'collection':
          return some(t.collection, t.sub ? { kind: 'present', field: t.sub } : { kind: 'const', value: true });
        case 'complex':
          return { kind: 'or', items: t.fields.map((field) => ({ kind: 'present', field })) };
        case 'constant':
          return { kind: 'const', value: true };
      }
    },
    valuePath(attrPath, where) {
      const t = target(attrPath);
      if (t.kind !== 'collection' || t.sub) throw new InvalidFilter(`"${attrPath}[…]" needs a multi-valued attribute`);
      return some(t.collection, walk(where, elementLeaves(attrs, t.collection)));
    },
  };
}

const some = (collection: string, where: Predicate<MultiField, never>): AnyPredicate => ({
  kind: 'some',
  collection,
  where,
});

/** Leaves inside `attr[…]`: paths name sub-attributes of the element (RFC 7644 §3.4.2.2 valuePath). */
function elementLeaves(attrs: ResourceAttributes, collection: string): Leaves<MultiField, never> {
  const sub = (attrPath: string): MultiField => {
    const s = attrs.resolveSub(collection, attrPath);
    if (!s) throw unknown(`${collection}.${attrPath}`);
    return s;
  };
  return {
    compare(node) {
      const field = sub(node.attrPath);
      const value = checkValue(`${collection}.${field}`, attrs.subKind(collection, field), node.op, node.compValue);
      return { kind: 'compare', field, op: node.op, value };
    },
    present: (attrPath) => ({ kind: 'present', field: sub(attrPath) }),
    valuePath() {
      throw new InvalidFilter('Value filters cannot be nested (RFC 7644 §3.4.2.2)');
    },
  };
}
