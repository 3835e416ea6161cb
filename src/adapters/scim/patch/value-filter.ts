// Evaluates a PATCH value-selection filter (RFC 7644 §3.4.2.2) against one value of a
// multi-valued attribute, with core's one in-memory evaluator (scim-schema/value-match.ts), and
// derives the value an IdP meant to create when nothing matched.
import type { FilterNode as Filter } from '../../../core/scim-schema/filter-syntax.js';
import { matchesValueFilter, relativeAttr } from '../../../core/scim-schema/value-match.js';
import type { Json, JsonObject } from './types.js';

/** True when `element` (one value of attribute `attr`) satisfies `filter`. */
export function matchesFilter(element: Json, filter: Filter, attr: string): boolean {
  return matchesValueFilter(element, filter, attr);
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
  const name = relativeAttr(filter.attrPath, attr);
  return name.includes('.') ? undefined : { [name]: filter.compValue };
}
