// Reads a validated mapping path from a user's profile (SPEC C3 "Custom attribute": the value
// names the organization). Everything here is total: a missing attribute, a filter that
// matches nothing or a value of the wrong shape gives null, and the user is "unmapped".
import type { FilterNode as Filter } from '../scim-schema/filter-syntax.js';
import type { UserProfile } from '../directory/user.js';
import { relativeAttr, type MappingPath } from './mapping-path.js';

type Scalar = string | number | boolean | null;

/**
 * The value `path` names in `profile`, as a string (numbers and booleans stringified), or null
 * when absent or not a scalar. Of several values a filter selects, the primary one wins, else the first.
 */
export function evaluateMappingPath(path: MappingPath, profile: UserProfile): string | null {
  switch (path.source) {
    case 'field':
      return scalarText(profile[path.field]);
    case 'name':
      return scalarText(profile.name[path.sub]);
    case 'multi':
      return scalarText(pick(profile.multi[path.attr], path.filter, path.attr)?.[path.sub]);
    case 'addresses':
      return scalarText(pick(profile.addresses, path.filter, 'addresses')?.[path.sub]);
    case 'extra':
      return scalarText(refine(extraValue(profile.extra, path.schema, path.attr), path.filter, path.sub, path.attr));
  }
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null; // null, undefined, objects and arrays name no organization
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function getCI(o: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(o, key)) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

// Custom attributes as the SCIM adapter keeps them (user-resource.ts `extraAttributes`): top-level
// keys (`office`), extension objects keyed by URN, or Entra's flat `URN:attribute` keys.
function extraValue(extra: Record<string, unknown>, schema: string | null, attr: string): unknown {
  if (schema !== null) {
    const block = getCI(extra, schema);
    const inBlock = isRecord(block) ? getCI(block, attr) : undefined;
    return inBlock !== undefined ? inBlock : getCI(extra, `${schema}:${attr}`);
  }
  const top = getCI(extra, attr);
  if (top !== undefined) return top;
  // Unqualified: the administrator may name a custom extension's attribute without its URN
  // (seeds/004 "enter name for an attribute that exists in your provider's user profiles").
  const suffix = `:${attr.toLowerCase()}`;
  for (const [key, value] of Object.entries(extra)) {
    if (!/^urn:/i.test(key)) continue;
    const found = isRecord(value) ? getCI(value, attr) : key.toLowerCase().endsWith(suffix) ? value : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

// Applies `[filter]` and `.sub` to a custom attribute of unknown shape.
function refine(value: unknown, filter: Filter | null, sub: string | null, attr: string): unknown {
  let v = value;
  if (filter !== null || (Array.isArray(v) && sub !== null)) {
    const elements = (Array.isArray(v) ? v : [v]).map((e) => (isRecord(e) ? e : { value: e }));
    v = pick(elements, filter, attr);
    // Without a sub-attribute, a selected value stands for its `value` (RFC 7644 §3.5.2).
    if (sub === null) return isRecord(v) ? getCI(v, 'value') : undefined;
  }
  if (sub === null) return v;
  return isRecord(v) ? getCI(v, sub) : undefined;
}

// Of the elements the filter selects (all without one): the primary one, else the first.
function pick<T extends object>(elements: readonly T[], filter: Filter | null, attr: string): T | undefined {
  const chosen =
    filter === null ? elements : elements.filter((e) => matches(e as Record<string, unknown>, filter, attr));
  return chosen.find((e) => isTrue(getCI(e as Record<string, unknown>, 'primary'))) ?? chosen[0];
}

const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');

/** True when one value of a multi-valued attribute satisfies a value filter (RFC 7644 §3.4.2.2). */
export function matches(element: Record<string, unknown>, filter: Filter, attr: string): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matches(element, f, attr));
    case 'or':
      return filter.filters.some((f) => matches(element, f, attr));
    case 'not':
      return !matches(element, filter.filter, attr);
    case '[]':
      return false; // refused by parseMappingPath
    case 'pr': {
      const v = subValue(element, filter.attrPath, attr);
      return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
    }
    default:
      return compare(filter.op, subValue(element, filter.attrPath, attr), filter.compValue);
  }
}

function subValue(element: Record<string, unknown>, attrPath: string, attr: string): unknown {
  let current: unknown = element;
  for (const part of relativeAttr(attrPath, attr).split('.'))
    current = isRecord(current) ? getCI(current, part) : undefined;
  return current;
}

// Strings compare case-insensitively: type, value and display are caseExact=false
// (RFC 7643 §4.1.2); booleans sent as "True" compare as booleans (Entra).
function compare(op: string, actual: unknown, expected: Scalar): boolean {
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

function normalise(actual: unknown, expected: Scalar): Scalar | undefined {
  if (typeof actual === 'string') {
    const lower = actual.toLowerCase();
    if (typeof expected === 'boolean' && (lower === 'true' || lower === 'false')) return lower === 'true';
    return lower;
  }
  if (actual === null || typeof actual === 'number' || typeof actual === 'boolean') return actual;
  return undefined; // undefined, objects and arrays never equal a scalar
}
