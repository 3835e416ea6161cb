import { primaryAddress, primaryEmail, type UserProfile } from '../directory/user.js';
import {
  PROFILE_ATTRIBUTES,
  PROFILE_COLLECTIONS,
  profileValue,
  profileValues,
} from '../scim-schema/profile-attributes.js';

/** One attribute that differs between two profiles, in the sync log's vocabulary (SPEC C5). */
export interface AttributeChange {
  attribute: string;
  oldValue: string | null;
  newValue: string | null;
}

// A multi-valued attribute as one JSON text, each element's sub-attributes in registry order, so
// that the same values compare equal however the element object was built.
function listText(p: UserProfile, c: (typeof PROFILE_COLLECTIONS)[number]): string | null {
  const values = profileValues(p, c.spec.name);
  if (!values.length) return null;
  const canonical = values.map((e) =>
    Object.fromEntries(c.subs.map((s) => [s.name, (e as unknown as Record<string, unknown>)[s.name]])),
  );
  return JSON.stringify(canonical);
}

/**
 * The profile flattened to the attribute names administrators see in the sync log: each registry
 * attribute by its log name, the contact email and the primary address's city, state and country.
 */
export function flattenProfile(p: UserProfile): Record<string, string | null> {
  const address = primaryAddress(p);
  const flat: Record<string, string | null> = {};
  for (const a of PROFILE_ATTRIBUTES) flat[a.spec.logName ?? a.spec.name] = profileValue(p, a);
  flat.email = primaryEmail(p);
  flat.city = address?.locality ?? null;
  flat.state = address?.region ?? null;
  flat.country = address?.country ?? null;
  for (const c of PROFILE_COLLECTIONS) flat[c.spec.name] = listText(p, c);
  for (const [k, v] of Object.entries(p.extra))
    flat[`extra.${k}`] = v === null || v === undefined ? null : JSON.stringify(v);
  return flat;
}

/** Every attribute whose value differs, in a stable order. */
export function diffProfiles(before: UserProfile, after: UserProfile): AttributeChange[] {
  const a = flattenProfile(before);
  const b = flattenProfile(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changes: AttributeChange[] = [];
  for (const k of keys) {
    const oldValue = a[k] ?? null;
    const newValue = b[k] ?? null;
    if (oldValue !== newValue) changes.push({ attribute: k, oldValue, newValue });
  }
  return changes;
}
