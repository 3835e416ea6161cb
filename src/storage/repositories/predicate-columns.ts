// Where each field of the core query model lives in the tables (migrations/2026-11-23-0001).
import { sql, type RawBuilder } from 'kysely';
import type { FieldKind, GroupField, MultiField, UserField } from '../../core/directory/query.js';

/**
 * A column a predicate compares. `lowered` columns hold `String.prototype.toLowerCase()` of
 * the value (written by the mappers), so values are lower-cased in JS and the column's index
 * is usable; `absent` marks a sub-field a collection does not store (never matches).
 */
export type Column =
  { ref: string; kind: FieldKind; lowered?: boolean; orElse?: string; absent?: undefined } | { absent: true };

/** The SQL a present column stands for: its column, or with `orElse` the first of the two that is not null. */
export function columnSql(col: Extract<Column, { ref: string }>): RawBuilder<unknown> {
  return col.orElse ? sql`coalesce(${sql.ref(col.ref)}, ${sql.ref(col.orElse)})` : sql.ref(col.ref);
}

const text = (ref: string): Column => ({ ref, kind: 'string' });
const ci = (ref: string): Column => ({ ref, kind: 'ci-string' });
const ciLowered = (ref: string): Column => ({ ref, kind: 'ci-string', lowered: true });
const bool = (ref: string): Column => ({ ref, kind: 'boolean' });
// Timestamps are Date.prototype.toISOString() text, so text order is time order.
const time = (ref: string): Column => ({ ref, kind: 'datetime' });
const ABSENT: Column = { absent: true };

/** users columns; userName uses its lower-cased, uniquely indexed copy (RFC 7643 §4.1.1 caseExact false). */
export const USER_COLUMNS: Record<UserField, Column> = {
  id: text('users.id'),
  userName: ciLowered('users.user_name_lower'),
  externalId: text('users.external_id'),
  displayName: ci('users.display_name'),
  nickName: ci('users.nick_name'),
  profileUrl: ci('users.profile_url'),
  title: ci('users.title'),
  userType: ci('users.user_type'),
  preferredLanguage: ci('users.preferred_language'),
  locale: ci('users.locale'),
  timezone: ci('users.timezone'),
  active: bool('users.scim_active'),
  'name.formatted': ci('users.name_formatted'),
  'name.givenName': ci('users.given_name'),
  'name.familyName': ci('users.family_name'),
  'name.middleName': ci('users.middle_name'),
  'name.honorificPrefix': ci('users.honorific_prefix'),
  'name.honorificSuffix': ci('users.honorific_suffix'),
  employeeNumber: ci('users.employee_number'),
  costCenter: ci('users.cost_center'),
  organization: ci('users.organization'),
  division: ci('users.division'),
  department: ci('users.department'),
  employeeType: ci('users.employee_type'),
  orgName: ci('users.org_name'),
  // A pending manager (SPEC C2 beyond) is what the resource shows as manager.value, so filters see it too.
  managerId: { ref: 'users.manager_id', kind: 'string', orElse: 'users.pending_manager' },
  created: time('users.created_at'),
  lastModified: time('users.updated_at'),
};

/** groups columns; displayName uses its lower-cased copy (RFC 7643 §4.2 caseExact false). */
export const GROUP_COLUMNS: Record<GroupField, Column> = {
  id: text('groups.id'),
  displayName: ciLowered('groups.display_name_lower'),
  externalId: text('groups.external_id'),
  created: time('groups.created_at'),
  lastModified: time('groups.updated_at'),
};

/** user_values (alias `v`) columns for emails, phoneNumbers, addresses, … */
export const USER_VALUE_COLUMNS: Record<MultiField, Column> = {
  value: ciLowered('v.value_lower'),
  type: ci('v.type'),
  primary: bool('v.is_primary'),
  display: ci('v.display'),
  formatted: ci('v.formatted'),
  streetAddress: ci('v.street_address'),
  locality: ci('v.locality'),
  region: ci('v.region'),
  postalCode: ci('v.postal_code'),
  country: ci('v.country'),
};

const onlyValueAndDisplay = (value: Column, display: Column): Record<MultiField, Column> => ({
  value,
  display,
  type: ABSENT,
  primary: ABSENT,
  formatted: ABSENT,
  streetAddress: ABSENT,
  locality: ABSENT,
  region: ABSENT,
  postalCode: ABSENT,
  country: ABSENT,
});

/** A user's groups (group_members `gm` joined to groups `g`): value = group id (caseExact), display = name. */
export const USER_GROUP_COLUMNS = onlyValueAndDisplay(text('g.id'), ciLowered('g.display_name_lower'));

/** A group's members (group_members `gm` joined to users `u`): value = user id (caseExact), display = userName. */
export const GROUP_MEMBER_COLUMNS = onlyValueAndDisplay(text('gm.user_id'), ciLowered('u.user_name_lower'));
