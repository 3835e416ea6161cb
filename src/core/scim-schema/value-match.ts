// SCIM path and value-filter evaluation in memory, I/O-free (RFC 7644 §3.4.2.2, §3.5.2, §3.10):
// one comparison for everything Roster evaluates outside the database — PATCH value filters
// (`emails[type eq "work"]`), organization-mapping paths (SPEC C3) and filter comparisons with
// constant attributes (`meta.resourceType`, `schemas`). Filters on stored attributes run in SQL.
import type { FilterNode as Filter, FilterValue } from './filter-syntax.js';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value of `key` in `o`: the exact key first, else the first key equal ignoring case (RFC 7643 §2.1). */
export function getCI(o: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(o, key)) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** A filter's attribute name relative to the value it tests (tolerates a redundant `emails.` prefix). */
export function relativeAttr(attrPath: string, attr: string): string {
  const prefix = `${attr.toLowerCase()}.`;
  return attrPath.toLowerCase().startsWith(prefix) ? attrPath.slice(prefix.length) : attrPath;
}

/** The value at a dotted sub-attribute path of one value of `attr`; a simple value is addressed as `value` (§3.5.2). */
export function subValue(element: unknown, attrPath: string, attr: string): unknown {
  let current: unknown = isRecord(element) ? element : { value: element };
  for (const part of relativeAttr(attrPath, attr).split('.'))
    current = isRecord(current) ? getCI(current, part) : undefined;
  return current;
}

/** `pr`: a value that is not null, not empty text, not an empty array or object. */
export function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return !isRecord(v) || Object.keys(v).length > 0;
}

/** True when `element` (one value of the multi-valued attribute `attr`) satisfies `filter`. */
export function matchesValueFilter(element: unknown, filter: Filter, attr: string): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesValueFilter(element, f, attr));
    case 'or':
      return filter.filters.some((f) => matchesValueFilter(element, f, attr));
    case 'not':
      return !matchesValueFilter(element, filter.filter, attr);
    case '[]':
      return false; // a value filter may not nest another (RFC 7644 §3.4.2.2); refused by its parsers
    case 'pr':
      return isPresent(subValue(element, filter.attrPath, attr));
    default:
      return compareValue(filter.op, subValue(element, filter.attrPath, attr), filter.compValue);
  }
}

/**
 * `actual op expected`. Strings compare case-insensitively: the sub-attributes value filters
 * address (type, value, display) and the constant attributes are caseExact false (RFC 7643
 * §4.1.2); booleans sent as "True" compare as booleans (Entra). Objects and arrays equal nothing.
 */
export function compareValue(op: string, actual: unknown, expected: FilterValue): boolean {
  const a = normalise(actual, expected);
  const e = typeof expected === 'string' ? expected.toLowerCase() : expected;
  const equal = a === e || (e === null && a === undefined);
  if (op === 'eq') return equal;
  if (op === 'ne') return !equal;
  if (typeof a === 'string' && typeof e === 'string') {
    if (op === 'co') return a.includes(e);
    if (op === 'sw') return a.startsWith(e);
    if (op === 'ew') return a.endsWith(e);
  }
  const ordered = (typeof a === 'string' && typeof e === 'string') || (typeof a === 'number' && typeof e === 'number');
  if (!ordered) return false;
  if (op === 'gt') return a > e;
  if (op === 'ge') return a >= e;
  if (op === 'lt') return a < e;
  return op === 'le' && a <= e;
}

function normalise(actual: unknown, expected: FilterValue): FilterValue | undefined {
  if (typeof actual === 'string') {
    const lower = actual.toLowerCase();
    if (typeof expected === 'boolean' && (lower === 'true' || lower === 'false')) return lower === 'true';
    return lower;
  }
  if (actual === null || typeof actual === 'number' || typeof actual === 'boolean') return actual;
  return undefined;
}
