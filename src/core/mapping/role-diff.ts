// The roles to add and remove to bring a user from `current` to `wanted` (SPEC C3 role
// mapping; SPEC C9 "managed roles" of directory-sync providers, seeds/002 "Select
// Roles": "only roles checked in this list will be automatically updated by the tool").

/** What changes, and what a managed-roles provider may not touch. All lists sorted, unique. */
export interface RoleDiff {
  /** Roles to grant. */
  add: string[];
  /** Roles to revoke. */
  remove: string[];
  /** Roles the provider asked for, outside its managed roles, that the user lacks: not granted, to be logged. */
  ignored: string[];
  /** Roles the user holds, the provider did not ask for, and that are outside its managed roles: kept, not logged. */
  kept: string[];
}

/** Sorted (by code unit, so the order never depends on a locale) and without duplicates. */
export function sortedUnique(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}

/**
 * Diffs `current` against `wanted`. With `managed`, only roles in it are added or removed:
 * a wanted role outside it lands in `ignored` (SPEC C9: "any other role it sends is
 * ignored and logged"); a held role outside it is `kept` — the provider never sent it, and an
 * administrator manages it in Roster (seeds/002 "must be manually updated"), so it is not logged.
 */
export function diffRoles(
  current: readonly string[],
  wanted: readonly string[],
  managed?: readonly string[],
): RoleDiff {
  const held = new Set(current);
  const want = new Set(wanted);
  const allowed = managed === undefined ? undefined : new Set(managed);
  const inScope = (id: string): boolean => allowed === undefined || allowed.has(id);
  const toAdd = [...want].filter((id) => !held.has(id));
  const toRemove = [...held].filter((id) => !want.has(id));
  return {
    add: sortedUnique(toAdd.filter(inScope)),
    remove: sortedUnique(toRemove.filter(inScope)),
    ignored: sortedUnique(toAdd.filter((id) => !inScope(id))),
    kept: sortedUnique(toRemove.filter((id) => !inScope(id))),
  };
}
