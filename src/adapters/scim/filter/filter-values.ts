// Type checks for comparison values (RFC 7644 §3.4.2.2): each operator and value must suit
// the attribute's type, otherwise the filter is rejected with 400 "invalidFilter".
import type { CompareOp, FieldKind, Scalar } from '../../../core/directory/query.js';
import { compareValue } from '../../../core/scim-schema/value-match.js';

/** A filter the client must fix; becomes `{ scimType: 'invalidFilter', detail }`. */
export class InvalidFilter extends Error {}

const SUBSTRING: ReadonlySet<CompareOp> = new Set(['co', 'sw', 'ew']);
// RFC 3339 date-time (or a bare full-date); Date.parse alone accepts far too much ("5" → 2005).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** The value to compare `attr` (of type `kind`) with, checked and normalised; throws InvalidFilter. */
export function checkValue(attr: string, kind: FieldKind, op: CompareOp, value: Scalar): Scalar {
  if (value === null) {
    if (op === 'eq' || op === 'ne') return null;
    throw new InvalidFilter(`Operator "${op}" cannot compare "${attr}" with null`);
  }
  switch (kind) {
    case 'boolean':
      return checkBoolean(attr, op, value);
    case 'datetime':
      return checkDateTime(attr, op, value);
    case 'string':
    case 'ci-string':
      if (typeof value !== 'string')
        throw new InvalidFilter(
          `Attribute "${attr}" is a string; compare it with a quoted string, not ${JSON.stringify(value)}`,
        );
      return value;
  }
}

// RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean "SHALL cause a failed response"; Entra sends
// "True"/"False" as strings (research §1.13 item 5), so those are accepted for eq/ne.
function checkBoolean(attr: string, op: CompareOp, value: string | number | boolean): boolean {
  if (op !== 'eq' && op !== 'ne')
    throw new InvalidFilter(`Operator "${op}" is not supported on boolean attribute "${attr}"`);
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if (text === 'true' || text === 'false') return text === 'true';
  throw new InvalidFilter(
    `Attribute "${attr}" is a boolean; compare it with true or false, not ${JSON.stringify(value)}`,
  );
}

// Stored timestamps are Date.prototype.toISOString() text, so values are normalised to it.
function checkDateTime(attr: string, op: CompareOp, value: string | number | boolean): string {
  if (SUBSTRING.has(op)) throw new InvalidFilter(`Operator "${op}" is not supported on dateTime attribute "${attr}"`);
  const time = typeof value === 'string' && DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw new InvalidFilter(`Attribute "${attr}" is a dateTime; ${JSON.stringify(value)} is not an RFC 3339 date-time`);
  return new Date(time).toISOString();
}

/** Evaluates a comparison on an attribute with fixed values (`meta.resourceType`, `schemas`). */
export function compareConstant(attr: string, values: readonly string[], op: CompareOp, value: Scalar): boolean {
  if (value === null) {
    if (op === 'eq' || op === 'ne') return op === 'ne';
    throw new InvalidFilter(`Operator "${op}" cannot compare "${attr}" with null`);
  }
  if (typeof value !== 'string')
    throw new InvalidFilter(`Attribute "${attr}" is a string; compare it with a quoted string`);
  // "Some value matches" (RFC 7644 §3.4.2.2, multi-valued attributes); compared case-insensitively.
  return values.some((raw) => compareValue(op, raw, value));
}
