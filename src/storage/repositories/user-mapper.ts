import {
  MULTI_VALUE_ATTRIBUTES,
  primaryAddress,
  primaryEmail,
  type Address,
  type MultiValue,
  type MultiValueAttribute,
  type User,
  type UserProfile,
} from '../../core/directory/user.js';
import { deriveStatus } from '../../core/lifecycle/user-state.js';
import type { UserValuesTable, UsersTable } from '../schema.js';

/** Row ⇄ entity mapping for users (STYLE habit 4: rows stay in storage). */

const lower = (s: string | null): string | null => (s === null ? null : s.toLowerCase());

/** The users row for an entity. */
export function toUserRow(u: User): UsersTable {
  const p = u.profile;
  const address = primaryAddress(p);
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
    user_name: p.userName,
    user_name_lower: p.userName.toLowerCase(),
    external_id: p.externalId,
    display_name: p.displayName,
    nick_name: p.nickName,
    profile_url: p.profileUrl,
    title: p.title,
    user_type: p.userType,
    preferred_language: p.preferredLanguage,
    locale: p.locale,
    timezone: p.timezone,
    name_formatted: p.name.formatted,
    given_name: p.name.givenName,
    family_name: p.name.familyName,
    middle_name: p.name.middleName,
    honorific_prefix: p.name.honorificPrefix,
    honorific_suffix: p.name.honorificSuffix,
    email: primaryEmail(p),
    employee_number: p.employeeNumber,
    cost_center: p.costCenter,
    organization: p.organization,
    division: p.division,
    department: p.department,
    employee_type: p.employeeType,
    org_name: p.orgName,
    city: address?.locality ?? null,
    state: address?.region ?? null,
    country: address?.country ?? null,
    extra: JSON.stringify(p.extra),
    password_hash: null,
    admin_blocked: u.adminBlocked ? 1 : 0,
    deactivation_state: u.deactivationState,
    deactivated_at: u.deactivatedAt,
  };
}

/** The user_values rows for an entity's multi-valued attributes. */
export function toValueRows(u: User): UserValuesTable[] {
  const rows: UserValuesTable[] = [];
  const base = {
    tenant_id: u.tenantId,
    user_id: u.id,
    formatted: null,
    street_address: null,
    locality: null,
    region: null,
    postal_code: null,
    country: null,
  };
  for (const attr of MULTI_VALUE_ATTRIBUTES) {
    u.profile.multi[attr].forEach((v, ord) =>
      rows.push({
        ...base,
        attr,
        ord,
        value: v.value,
        value_lower: lower(v.value),
        type: v.type,
        is_primary: v.primary ? 1 : 0,
        display: v.display,
      }),
    );
  }
  u.profile.addresses.forEach((a, ord) =>
    rows.push({
      ...base,
      attr: 'addresses',
      ord,
      value: null,
      value_lower: null,
      type: a.type,
      is_primary: a.primary ? 1 : 0,
      display: null,
      formatted: a.formatted,
      street_address: a.streetAddress,
      locality: a.locality,
      region: a.region,
      postal_code: a.postalCode,
      country: a.country,
    }),
  );
  return rows;
}

/** Rebuilds an entity from its row and value rows (value rows in attr/ord order). */
export function toUser(row: UsersTable, values: readonly UserValuesTable[]): User {
  const multi = Object.fromEntries(MULTI_VALUE_ATTRIBUTES.map((a) => [a, [] as MultiValue[]])) as Record<
    MultiValueAttribute,
    MultiValue[]
  >;
  const addresses: Address[] = [];
  for (const v of values) {
    if (v.attr === 'addresses') {
      addresses.push({
        type: v.type,
        primary: v.is_primary === 1,
        formatted: v.formatted,
        streetAddress: v.street_address,
        locality: v.locality,
        region: v.region,
        postalCode: v.postal_code,
        country: v.country,
      });
    } else if (v.attr in multi) {
      multi[v.attr as MultiValueAttribute].push({
        value: v.value,
        type: v.type,
        primary: Number(v.is_primary) === 1,
        display: v.display,
      });
    }
  }
  const profile: UserProfile = {
    userName: row.user_name,
    externalId: row.external_id,
    displayName: row.display_name,
    nickName: row.nick_name,
    profileUrl: row.profile_url,
    title: row.title,
    userType: row.user_type,
    preferredLanguage: row.preferred_language,
    locale: row.locale,
    timezone: row.timezone,
    name: {
      formatted: row.name_formatted,
      givenName: row.given_name,
      familyName: row.family_name,
      middleName: row.middle_name,
      honorificPrefix: row.honorific_prefix,
      honorificSuffix: row.honorific_suffix,
    },
    multi,
    addresses,
    employeeNumber: row.employee_number,
    costCenter: row.cost_center,
    organization: row.organization,
    division: row.division,
    department: row.department,
    employeeType: row.employee_type,
    orgName: row.org_name,
    extra: JSON.parse(row.extra) as Record<string, unknown>,
  };
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
    profile,
  };
}
