// Evaluates a PATCH value-selection filter (RFC 7644 §3.4.2.2) against one value of a
// multi-valued attribute, and derives the value an IdP meant to create when nothing matched.
import type { FilterNode as Filter } from '../../../core/scim-schema/filter-syntax.js';
import { findKeyCI, isJsonObject } from './json-utils.js';
import type { Json, JsonObject } from './types.js';

type Scalar = string | number | boolean | null;

/** True when `element` (one value of attribute `attr`) satisfies `filter`. */
export function matchesFilter(element: Json, filter: Filter, attr: string): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesFilter(element, f, attr));
    case 'or':
      return filter.filters.some((f) => matchesFilter(element, f, attr));
    case 'not':
      return !matchesFilter(element, filter.filter, attr);
    case '[]':
      return false; // rejected by parsePatchPath; nested value paths are not allowed.
    case 'pr':
      return isPresent(subValue(element, filter.attrPath, attr));
    default:
      return compare(filter.op, subValue(element, filter.attrPath, attr), filter.compValue);
  }
}

/**
 * The attributes a filter pins down with `eq` (joined only by `and`), e.g.
 * `type eq "work"` → `{ type: "work" }`; undefined when the filter is anything else.
 * Used to create the value an IdP addresses when none exists (research §6 C11).
 */
export function filterTemplate(filter: Filter, attr: string): JsonObject | undefined {
  if (filter.op === 'and') {
    const parts = filter.filters.map((f) => filterTemplate(f, attr));
    if (parts.some((p) => p === undefined)) return undefined;
    return Object.assign({}, ...parts) as JsonObject;
  }
  if (filter.op !== 'eq' || filter.compValue === null) return undefined;
  const name = relativeName(filter.attrPath, attr);
  return name.includes('.') ? undefined : { [name]: filter.compValue };
}

// Filter attribute names are relative to the value; tolerate a redundant "emails." prefix.
function relativeName(attrPath: string, attr: string): string {
  const prefix = `${attr.toLowerCase()}.`;
  return attrPath.toLowerCase().startsWith(prefix) ? attrPath.slice(prefix.length) : attrPath;
}

function subValue(element: Json, attrPath: string, attr: string): Json | undefined {
  // A simple multi-valued attribute's values are addressed as "value" (RFC 7644 §3.5.2).
  let current: Json | undefined = isJsonObject(element) ? element : { value: element };
  for (const part of relativeName(attrPath, attr).split('.')) {
    if (!isJsonObject(current)) return undefined;
    const key = findKeyCI(current, part);
    current = key === undefined ? undefined : current[key];
  }
  return current;
}

function isPresent(v: Json | undefined): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return !isJsonObject(v) || Object.keys(v).length > 0;
}

// Strings compare case-insensitively: the sub-attributes PATCH filters address (type,
// value, display) are caseExact=false in RFC 7643 §4.1.2. Booleans sent as "True" match too.
function compare(op: string, actual: Json | undefined, expected: Scalar): boolean {
  const a = normalise(actual, expected);
  const e = typeof expected === 'string' ? expected.toLowerCase() : expected;
  if (op === 'eq') return a === e || (e === null && a === undefined);
  if (op === 'ne') return !(a === e || (e === null && a === undefined));
  if (typeof a === 'string' && typeof e === 'string') {
    if (op === 'co') return a.includes(e);
    if (op === 'sw') return a.startsWith(e);
    if (op === 'ew') return a.endsWith(e);
  }
  const bothOrdered =
    (typeof a === 'string' && typeof e === 'string') || (typeof a === 'number' && typeof e === 'number');
  if (!bothOrdered) return false;
  if (op === 'gt') return a > e;
  if (op === 'ge') return a >= e;
  if (op === 'lt') return a < e;
  if (op === 'le') return a <= e;
  return false;
}

function normalise(actual: Json | undefined, expected: Scalar): Scalar | undefined {
  if (typeof actual === 'string') {
    const lower = actual.toLowerCase();
    if (typeof expected === 'boolean' && (lower === 'true' || lower === 'false')) return lower === 'true';
    return lower;
  }
  if (actual === undefined || actual === null || typeof actual !== 'object') return actual;
  return undefined; // objects and arrays never equal a scalar
}
