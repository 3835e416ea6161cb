// Reads a validated mapping path from a user's profile (SPEC C3 "Custom attribute": the value
// names the organization). Everything here is total: a missing attribute, a filter that
// matches nothing or a value of the wrong shape gives null, and the user is "unmapped".
import type { FilterNode as Filter } from '../scim-schema/filter-syntax.js';
import type { UserProfile } from '../directory/user.js';
import { profileValue, profileValues } from '../scim-schema/profile-attributes.js';
import { getCI, matchesValueFilter } from '../scim-schema/value-match.js';
import type { MappingPath } from './mapping-path.js';

/**
 * The value `path` names in `profile`, as a string (numbers and booleans stringified), or null
 * when absent or not a scalar. Of several values a filter selects, the primary one wins, else the first.
 */
export function evaluateMappingPath(path: MappingPath, profile: UserProfile): string | null {
  switch (path.source) {
    case 'attribute':
      return scalarText(profileValue(profile, path.attribute));
    case 'values': {
      const chosen = pick(profileValues(profile, path.attr) as object[], path.filter, path.attr);
      return scalarText(chosen === undefined ? undefined : getCI(chosen as Record<string, unknown>, path.sub));
    }
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
  const chosen = filter === null ? elements : elements.filter((e) => matchesValueFilter(e, filter, attr));
  return chosen.find((e) => isTrue(getCI(e as Record<string, unknown>, 'primary'))) ?? chosen[0];
}

const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
