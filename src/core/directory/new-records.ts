// The records Roster creates itself rather than receiving from a provider, with their starting
// state written once: a tenant's root organization and a local user (SPEC C1).

import type { Organization } from './organization.js';
import type { User, UserProfile } from './user.js';

/** A tenant's root organization: active, giving Desktop User by default, 30 days of cold storage. */
export function rootOrganization(id: string, tenantId: string, now: string): Organization {
  return {
    id,
    tenantId,
    parentId: null,
    name: 'Default organization',
    status: 'active',
    defaultRoles: ['desktop-user'],
    coldStorageDays: 30,
    createdAt: now,
    updatedAt: now,
  };
}

/** A new active user of `orgId` at version 1: local (providerId null) or provisioned by a provider. */
export function newUser(
  ids: { id: string; tenantId: string; orgId: string; providerId: string | null },
  profile: UserProfile,
  now: string,
): User {
  return {
    ...ids,
    status: 'active',
    adminBlocked: false,
    deactivationState: null,
    deactivatedAt: null,
    scimActive: true,
    managerId: null,
    pendingManager: null,
    notInRoleMapping: false,
    removedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    profile,
  };
}

/** An active local user (no provider) of `orgId` at version 1. */
export function localUser(
  ids: { id: string; tenantId: string; orgId: string },
  profile: UserProfile,
  now: string,
): User {
  return newUser({ ...ids, providerId: null }, profile, now);
}
