import type { Roster } from '../../src/app.js';
import { operatorPrincipal } from '../../src/core/auth/principal.js';
import { emptyProfile, type User } from '../../src/core/directory/user.js';

/**
 * A user with the given roles, written at the lowest level there is (the store's repositories in
 * one transaction), for tests that need principals of every role before a user-creation API exists.
 */
export async function insertUser(
  roster: Roster,
  opts: { tenantId?: string; userName: string; orgId: string; roleIds?: readonly string[] },
): Promise<User> {
  const tenantId = opts.tenantId ?? roster.bootstrap.tenantId;
  const now = new Date().toISOString();
  const user: User = {
    id: crypto.randomUUID(),
    tenantId,
    providerId: null,
    orgId: opts.orgId,
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
    profile: emptyProfile(opts.userName),
  };
  await roster.services.store.transaction(async (tx) => {
    await tx.users.insert(user);
    if (opts.roleIds && opts.roleIds.length > 0) await tx.roles.assign(tenantId, user.id, opts.roleIds, 'manual', now);
  });
  return user;
}

/** An API token for a user, issued through the service as the operator CLI issues it; returns the secret. */
export async function tokenFor(roster: Roster, user: User, opts: { expiresAt?: string } = {}): Promise<string> {
  const { secret } = await roster.services.apiTokens.create(operatorPrincipal(user.tenantId), {
    name: `token of ${user.profile.userName}`,
    userId: user.id,
    ...opts,
  });
  return secret;
}
