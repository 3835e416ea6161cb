// The roles a directory-sync provider asks for (SPEC C9): the tool's role script
// sends them in the SCIM `roles` attribute of the user (RFC 7643 §4.1.2). Each value names a
// catalogue role by id ("desktop-user") or by name ("Desktop User", compared case-insensitively);
// `display` is read when `value` is empty. What names no role is reported, never guessed.
import type { MultiValue } from '../directory/user.js';
import { findRoleById, findRoleByName } from '../directory/roles-catalogue.js';
import { sortedUnique } from './role-diff.js';

/** The catalogue roles named, and the names that match no role (as sent, trimmed). */
export interface RequestedRoles {
  roleIds: string[];
  unknown: string[];
}

/** Resolves the `roles` values a provider sent to catalogue role ids. */
export function requestedRoles(values: readonly MultiValue[]): RequestedRoles {
  const roleIds: string[] = [];
  const unknown: string[] = [];
  for (const v of values) {
    const name = (v.value ?? v.display ?? '').trim();
    if (name === '') continue;
    const role = findRoleById(name) ?? findRoleById(name.toLowerCase()) ?? findRoleByName(name);
    if (role) roleIds.push(role.id);
    else unknown.push(name);
  }
  return { roleIds: sortedUnique(roleIds), unknown: sortedUnique(unknown) };
}

/** Whether two `roles` lists name the same roles (order and letter case aside): did the provider change them? */
export function sameRoleValues(a: readonly MultiValue[], b: readonly MultiValue[]): boolean {
  const key = (vs: readonly MultiValue[]): string =>
    sortedUnique(vs.map((v) => (v.value ?? v.display ?? '').trim().toLowerCase())).join('\n');
  return key(a) === key(b);
}
