import { Type, type Static } from '@sinclair/typebox';
import type { Archive } from '../../core/directory/archive.js';
import type { Device } from '../../core/directory/device.js';
import type { Custodian, LegalHoldMatter } from '../../core/directory/legal-hold.js';
import { findRoleById } from '../../core/directory/roles-catalogue.js';
import type { User } from '../../core/directory/user.js';
import { primaryEmail } from '../../core/directory/user.js';
import type { UserManagedBy, UserRole } from '../../core/directory/user-admin-service.js';
import type { UserLifecycleView } from '../../core/lifecycle/user-lifecycle-service.js';
import type { HeldDeactivation } from '../../core/lifecycle/timer.js';
import type { UserSearchPosition, UserSummary } from '../../core/ports.js';
import { err, ok, type Result } from '../../core/result.js';

/** Wire types of the admin API's users, devices, archives and legal holds, with explicit mappers (STYLE habit 5). */

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const UserStatus = Type.Union([Type.Literal('active'), Type.Literal('blocked'), Type.Literal('deactivated')]);

export const UserSummaryDto = Type.Object({
  id: Type.String(),
  userName: Type.String(),
  displayName: Nullable(Type.String()),
  givenName: Nullable(Type.String()),
  familyName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  orgId: Type.String(),
  providerId: Nullable(Type.String({ description: 'The owning provider; null for local users' })),
  status: UserStatus,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type UserSummaryDto = Static<typeof UserSummaryDto>;

export function toUserSummaryDto(u: UserSummary): UserSummaryDto {
  return {
    id: u.id,
    userName: u.userName,
    displayName: u.displayName,
    givenName: u.givenName,
    familyName: u.familyName,
    email: u.email,
    orgId: u.orgId,
    providerId: u.providerId,
    status: u.status,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

/** The same summary from a full user (after an action). */
export function userToSummaryDto(u: User): UserSummaryDto {
  return {
    id: u.id,
    userName: u.profile.userName,
    displayName: u.profile.displayName,
    givenName: u.profile.name.givenName,
    familyName: u.profile.name.familyName,
    email: primaryEmail(u.profile),
    orgId: u.orgId,
    providerId: u.providerId,
    status: u.status,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export const UserPageDto = Type.Object({
  users: Type.Array(UserSummaryDto),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` with the same filters for the next page; null on the last page',
  }),
});

export const RoleDto = Type.Object({
  roleId: Type.String(),
  name: Type.String(),
  source: Type.String({ description: 'manual, default or mapping' }),
});
export function toRoleDto(r: UserRole): Static<typeof RoleDto> {
  return { roleId: r.roleId, name: findRoleById(r.roleId)?.name ?? r.roleId, source: r.source };
}

export const DeviceDto = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  os: Type.String(),
  agentVersion: Nullable(Type.String()),
  lastSeenAt: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('deauthorized'), Type.Literal('deactivated')]),
  blocked: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export function toDeviceDto(d: Device): Static<typeof DeviceDto> {
  return {
    id: d.id,
    userId: d.userId,
    name: d.name,
    os: d.os,
    agentVersion: d.agentVersion,
    lastSeenAt: d.lastSeenAt,
    status: d.status,
    blocked: d.blocked,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export const ArchiveDto = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  destination: Type.String(),
  state: Type.Union([Type.Literal('active'), Type.Literal('cold_storage'), Type.Literal('purged')]),
  coldStorageUntil: Nullable(Type.String({ description: 'When a cold-storage archive is purged' })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export function toArchiveDto(a: Archive): Static<typeof ArchiveDto> {
  return {
    id: a.id,
    deviceId: a.deviceId,
    destination: a.destination,
    state: a.state,
    coldStorageUntil: a.coldStorageUntil,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export const LegalHoldDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('released')]),
  createdAt: Type.String(),
  releasedAt: Nullable(Type.String()),
});
export function toLegalHoldDto(m: LegalHoldMatter): Static<typeof LegalHoldDto> {
  return { id: m.id, name: m.name, status: m.status, createdAt: m.createdAt, releasedAt: m.releasedAt };
}

export const CustodianDto = Type.Object({ matterId: Type.String(), userId: Type.String(), addedAt: Type.String() });
export function toCustodianDto(c: Custodian): Static<typeof CustodianDto> {
  return { matterId: c.matterId, userId: c.userId, addedAt: c.addedAt };
}

export const PendingDeactivationDto = Type.Object({
  state: Type.Union([Type.Literal('pending'), Type.Literal('held_legal'), Type.Literal('held_guard')], {
    description: 'Waiting for the provider delay, held by a legal hold, or held by the mass-deprovision guard',
  }),
  dueAt: Nullable(Type.String({ description: 'When a pending deactivation is carried out; null while held' })),
});

export const ManagedByDto = Type.Object({
  providerId: Type.String(),
  providerName: Type.String(),
  organization: Nullable(
    Type.String({ description: 'The organization-mapping method that places the user; null: an admin may move them' }),
  ),
  roles: Type.Union([
    Type.Object({
      method: Type.Union([Type.Literal('groups'), Type.Literal('managed')]),
      roleIds: Type.Array(Type.String(), { description: 'managed: the roles the provider decides (groups: all)' }),
    }),
    Type.Null(),
  ]),
});

/** The profile fields of SPEC C1, as the console's user page shows them. */
export const UserProfileDto = Type.Object({
  email: Nullable(Type.String()),
  givenName: Nullable(Type.String()),
  familyName: Nullable(Type.String()),
  displayName: Nullable(Type.String()),
  title: Nullable(Type.String({ description: 'Job title' })),
  managerId: Nullable(Type.String({ description: "The manager's user id, when the manager is a Roster user" })),
  department: Nullable(Type.String()),
  division: Nullable(Type.String()),
  employeeType: Nullable(Type.String()),
  city: Nullable(Type.String({ description: 'Locality of the primary (else first) address' })),
  state: Nullable(Type.String({ description: 'Region of the primary (else first) address' })),
  country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2' })),
  externalId: Nullable(Type.String({ description: "The provider's id for the user" })),
});

export function toUserProfileDto(u: User): Static<typeof UserProfileDto> {
  const p = u.profile;
  const address = p.addresses.find((a) => a.primary) ?? p.addresses[0];
  return {
    email: primaryEmail(p),
    givenName: p.name.givenName,
    familyName: p.name.familyName,
    displayName: p.displayName,
    title: p.title,
    managerId: u.managerId,
    department: p.department,
    division: p.division,
    employeeType: p.employeeType,
    city: address?.locality ?? null,
    state: address?.region ?? null,
    country: address?.country ?? null,
    externalId: p.externalId,
  };
}

export const UserDetailDto = Type.Object({
  user: UserSummaryDto,
  profile: UserProfileDto,
  adminBlocked: Type.Boolean(),
  deactivatedAt: Nullable(Type.String()),
  roles: Type.Array(RoleDto),
  devices: Type.Array(DeviceDto),
  archives: Type.Array(ArchiveDto),
  legalHolds: Type.Array(LegalHoldDto),
  pendingDeactivation: Type.Union([PendingDeactivationDto, Type.Null()]),
  mfa: Type.Object({
    enrolled: Type.Boolean(),
    required: Type.Boolean({ description: "The organization's MFA setting, own or inherited" }),
  }),
  managedBy: Type.Union([ManagedByDto, Type.Null()], {
    description:
      "What the user's provider decides about them (moving or changing those roles is refused); null for local users",
  }),
});

export function toUserDetailDto(
  v: UserLifecycleView,
  roles: readonly UserRole[],
  mfa: { enrolled: boolean; required: boolean },
  managedBy: UserManagedBy | null,
): Static<typeof UserDetailDto> {
  const state = v.user.deactivationState;
  const timer = v.timers.find((t) => t.kind === 'user.deactivate' && t.status === 'pending');
  return {
    user: userToSummaryDto(v.user),
    profile: toUserProfileDto(v.user),
    adminBlocked: v.user.adminBlocked,
    deactivatedAt: v.user.deactivatedAt,
    roles: roles.map(toRoleDto),
    devices: v.devices.map(toDeviceDto),
    archives: v.archives.map(toArchiveDto),
    legalHolds: v.legalHolds.map(toLegalHoldDto),
    pendingDeactivation: state === null ? null : { state, dueAt: state === 'pending' ? (timer?.dueAt ?? null) : null },
    mfa: { enrolled: mfa.enrolled, required: mfa.required },
    managedBy: managedBy && {
      ...managedBy,
      roles: managedBy.roles && { method: managedBy.roles.method, roleIds: [...managedBy.roles.roleIds] },
    },
  };
}

export const HeldDeactivationDto = Type.Object({
  userId: Type.String(),
  userName: Type.String(),
  requestedAt: Type.String(),
});
export function toHeldDeactivationDto(h: HeldDeactivation): Static<typeof HeldDeactivationDto> {
  return { userId: h.userId, userName: h.userName, requestedAt: h.requestedAt };
}

/** Cursors are opaque to clients: base64url of [version, lower(userName), id]. */
const CURSOR_VERSION = 1;

export function encodeUserCursor(p: UserSearchPosition): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, p.userNameLower, p.id]), 'utf8').toString('base64url');
}

/** The position a cursor names, or why it is not one of ours. */
export function decodeUserCursor(text: string): Result<UserSearchPosition, string> {
  const bad = err('not a cursor returned by this API');
  if (text.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(text)) return bad;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return bad;
  }
  if (!Array.isArray(v) || v.length !== 3 || v[0] !== CURSOR_VERSION) return bad;
  const [, key, id] = v as unknown[];
  if (typeof key !== 'string' || typeof id !== 'string' || key.includes('\u0000') || id.includes('\u0000')) return bad;
  return ok({ userNameLower: key, id });
}
