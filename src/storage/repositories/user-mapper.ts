import { primaryAddress, primaryEmail, emptyProfile, type User, type UserProfile } from '../../core/directory/user.js';
import { deriveStatus } from '../../core/lifecycle/user-state.js';
import type { AttributeSpec } from '../../core/scim-schema/attribute-spec.js';
import {
  PROFILE_ATTRIBUTES,
  PROFILE_COLLECTIONS,
  profileValue,
  profileValues,
  setProfileValue,
  setProfileValues,
} from '../../core/scim-schema/profile-attributes.js';
import type { UserValuesTable, UsersTable } from '../schema.js';

/** Row ⇄ entity mapping for users (STYLE habit 4: rows stay in storage); the profile's columns are the registry's. */

const lower = (s: string | null): string | null => (s === null ? null : s.toLowerCase());

type Row = Record<string, string | number | null>;

/** The column of a registry attribute kept in a column, and its lower-cased copy if any. */
const columnsOf = (a: AttributeSpec): string[] =>
  a.storage.in === 'column' ? [a.storage.column, ...(a.storage.lowerColumn ? [a.storage.lowerColumn] : [])] : [];

const COLUMN_ATTRIBUTES = PROFILE_ATTRIBUTES.filter((a) => a.spec.storage.in === 'column');

/** The users columns holding the profile's registry attributes. */
export const PROFILE_COLUMNS = COLUMN_ATTRIBUTES.flatMap((a) => columnsOf(a.spec)) as (keyof UsersTable)[];

/** The user_values columns holding the sub-attributes of multi-valued attributes. */
export const VALUE_ROW_COLUMNS = [
  ...new Set(PROFILE_COLLECTIONS.flatMap((c) => c.subs.flatMap(columnsOf))),
] as (keyof UserValuesTable)[];

// Writes the value of a column-stored attribute (and its lower-cased copy) into a row.
function putColumn(row: Row, a: AttributeSpec, v: unknown): void {
  if (a.storage.in !== 'column') return;
  if (a.type === 'boolean') row[a.storage.column] = v ? 1 : 0;
  else row[a.storage.column] = typeof v === 'string' ? v : null;
  if (a.storage.lowerColumn) row[a.storage.lowerColumn] = lower(typeof v === 'string' ? v : null);
}

/** The users row for an entity. */
export function toUserRow(u: User): UsersTable {
  const p = u.profile;
  const address = primaryAddress(p);
  const profile: Row = {};
  for (const a of COLUMN_ATTRIBUTES) putColumn(profile, a.spec, profileValue(p, a));
  return {
    // The stored status is always the derived one (SPEC C4 state model, core/lifecycle/user-state.ts).
    id: u.id,
    tenant_id: u.tenantId,
    provider_id: u.providerId,
    org_id: u.orgId,
    status: deriveStatus(u),
    scim_active: u.scimActive ? 1 : 0,
    manager_id: u.managerId,
    pending_manager: u.managerId === null ? u.pendingManager : null,
    not_in_role_mapping: u.notInRoleMapping ? 1 : 0,
    removed_at: u.removedAt,
    version: u.version,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    ...(profile as unknown as Pick<UsersTable, 'user_name' | 'user_name_lower'>),
    email: primaryEmail(p),
    city: address?.locality ?? null,
    state: address?.region ?? null,
    country: address?.country ?? null,
    extra: JSON.stringify(p.extra),
    attributes: JSON.stringify(p.attributes),
    password_hash: null,
    admin_blocked: u.adminBlocked ? 1 : 0,
    deactivation_state: u.deactivationState,
    deactivated_at: u.deactivatedAt,
  } as UsersTable;
}

/** The user_values rows for an entity's multi-valued attributes. */
export function toValueRows(u: User): UserValuesTable[] {
  const rows: UserValuesTable[] = [];
  const empty: Row = Object.fromEntries(VALUE_ROW_COLUMNS.map((c) => [c, null]));
  for (const c of PROFILE_COLLECTIONS) {
    profileValues(u.profile, c.spec.name).forEach((e, ord) => {
      const row: Row = { ...empty, tenant_id: u.tenantId, user_id: u.id, attr: c.spec.name, ord };
      for (const s of c.subs) putColumn(row, s, (e as unknown as Record<string, unknown>)[s.name]);
      rows.push(row as unknown as UserValuesTable);
    });
  }
  return rows;
}

// The value of a column-stored attribute in a row; SQLite's 0/1 and PostgreSQL's numbers alike.
function getColumn(row: Row, a: AttributeSpec): string | boolean | null {
  if (a.storage.in !== 'column') return null;
  const v = row[a.storage.column] ?? null;
  return a.type === 'boolean' ? Number(v) === 1 : (v as string | null);
}

function toProfile(row: UsersTable, values: readonly UserValuesTable[]): UserProfile {
  const r = row as unknown as Row;
  const profile = emptyProfile(row.user_name);
  for (const a of COLUMN_ATTRIBUTES) setProfileValue(profile, a, getColumn(r, a.spec) as string | null);
  profile.attributes = JSON.parse(row.attributes ?? '{}') as Record<string, string | null>;
  profile.extra = JSON.parse(row.extra) as Record<string, unknown>;
  for (const c of PROFILE_COLLECTIONS) {
    const elements = values
      .filter((v) => v.attr === c.spec.name)
      .map((v) => Object.fromEntries(c.subs.map((s) => [s.name, getColumn(v as unknown as Row, s)])));
    setProfileValues(profile, c.spec.name, elements);
  }
  return profile;
}

/** Rebuilds an entity from its row and value rows (value rows in attr/ord order). */
export function toUser(row: UsersTable, values: readonly UserValuesTable[]): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    providerId: row.provider_id,
    orgId: row.org_id,
    status: row.status as User['status'],
    adminBlocked: Number(row.admin_blocked) === 1,
    deactivationState: row.deactivation_state as User['deactivationState'],
    deactivatedAt: row.deactivated_at,
    scimActive: Number(row.scim_active) === 1,
    managerId: row.manager_id,
    pendingManager: row.pending_manager,
    notInRoleMapping: Number(row.not_in_role_mapping) === 1,
    removedAt: row.removed_at,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    profile: toProfile(row, values),
  };
}
