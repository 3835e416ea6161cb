// The enterprise `manager` a provider sends (RFC 7643 §4.3; SPEC C2). The value names another user
// of the same provider, by Roster id (Entra: it caches the ids Roster assigned, research §1.3, §1.6)
// or by externalId (Okta and others send their own id for the manager, which is the externalId
// they gave that user). SPEC C2 beyond: a manager that is not a user yet is not dropped but kept
// as a pending reference, as sent, and linked when a user of the same provider arrives with that
// externalId. Roster assigns ids, so a pending value can only ever match a future externalId; an
// id that names no user stays pending (and is shown back as sent, so the provider is satisfied).
import type { User } from '../directory/user.js';
import type { ReportLinking, Repositories } from '../ports.js';
import type { ProvisioningContext } from './context.js';
import type { ChangeRecorder } from './provisioning-log.js';

/** Where a user's manager stands: linked (`managerId`), pending (`pendingManager`, as sent) or none. */
export type ManagerState = Pick<User, 'managerId' | 'pendingManager'>;

/**
 * The manager state for `ref` (the value the provider sent, null = none) of `user`, whose stored
 * state is `current`. A user of the provider with that id, else the one user with that externalId;
 * else pending. Failures (the user themselves, two users with that externalId) are Sync Failures
 * that leave the manager as it was, and the rest of the change still applies.
 */
export async function resolveManager(
  tx: Repositories,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  user: Pick<User, 'id' | 'profile'>,
  ref: string | null,
  current: ManagerState,
): Promise<ManagerState> {
  const unchanged: ManagerState = { managerId: current.managerId, pendingManager: current.pendingManager };
  if (ref === null) return { managerId: null, pendingManager: null };
  if (ref === current.managerId) return unchanged;
  const failure = (detail: string): ManagerState => {
    log.add('Sync Failure', user, { attribute: 'manager', newValue: ref, detail });
    return unchanged;
  };
  if (ref === user.id || ref === user.profile.externalId)
    return failure(`A user cannot be their own manager; the manager was left unchanged`);
  const byId = await tx.users.findProviderUserNames(ctx.tenantId, ctx.provider.id, [ref]);
  if (byId.has(ref)) return { managerId: ref, pendingManager: null };
  // A newly pending value waits for a request creating that user to finish (lockExternalId), so
  // that one of the two sees the other. Re-asserting the stored pending value takes no lock: the
  // creating request will find it committed (and taking it while holding this user's row could
  // deadlock with that request, which links this very row).
  if (ref !== current.pendingManager) await tx.users.lockExternalId(ctx.tenantId, ctx.provider.id, ref);
  const byExternalId = await tx.users.findProviderUsersByExternalId(ctx.tenantId, ctx.provider.id, ref, 2);
  if (byExternalId.length > 1)
    return failure(`Several users of this provider have externalId "${ref}"; the manager was left unchanged`);
  const [found] = byExternalId;
  if (found) return { managerId: found.id, pendingManager: null };
  return { managerId: null, pendingManager: ref };
}

/** Records a change of manager state in the sync log (SPEC C5), if there is one. */
export function logManagerChange(
  log: ChangeRecorder,
  user: Pick<User, 'id' | 'profile'>,
  before: ManagerState,
  after: ManagerState,
): void {
  if (before.managerId === after.managerId && before.pendingManager === after.pendingManager) return;
  const oldValue = before.managerId ?? before.pendingManager;
  if (after.pendingManager !== null) {
    log.add('Modified', user, {
      attribute: 'manager',
      oldValue,
      newValue: after.pendingManager,
      detail: `No user of this provider has id or externalId "${after.pendingManager}" yet: kept as a pending reference, linked when that user arrives`,
    });
  } else {
    log.add('Modified', user, { attribute: 'manager', oldValue, newValue: after.managerId });
  }
}

/**
 * SPEC C2 beyond: `user` has just arrived (created, re-created, or given this externalId) — the
 * provider's users waiting for a manager with its externalId get it, each with a sync-log entry.
 * One indexed probe in the arriving request's transaction, plus one row per user linked.
 */
export async function linkWaitingReports(
  tx: Repositories,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  user: Pick<User, 'id' | 'profile'>,
): Promise<void> {
  const externalId = user.profile.externalId;
  if (externalId === null || externalId === '') return;
  await tx.users.lockExternalId(ctx.tenantId, ctx.provider.id, externalId);
  logLinkedReports(
    log,
    user,
    await tx.users.linkPendingManager(ctx.tenantId, ctx.provider.id, externalId, user.id, log.at),
  );
}

/** The sync-log entries of the reports `linked` to `user` on its arrival (see linkWaitingReports). */
export function logLinkedReports(
  log: ChangeRecorder,
  user: Pick<User, 'id' | 'profile'>,
  linked: readonly { id: string; userName: string }[],
): void {
  const externalId = user.profile.externalId;
  for (const report of linked)
    log.add('Modified', { id: report.id, profile: { userName: report.userName } }, linkedFields(user, externalId));
}

function linkedFields(user: Pick<User, 'id' | 'profile'>, externalId: string | null) {
  return {
    attribute: 'manager',
    oldValue: externalId,
    newValue: user.id,
    detail: `Pending manager linked: user "${user.profile.userName}" arrived with externalId "${externalId}"`,
  };
}

/**
 * linkWaitingReports for a user just created, whose externalId's lock is held, as one write at the
 * end of the transaction (SyncLogRepository.appendLinkingReports, with the transaction's entries):
 * on PostgreSQL it then goes out with the COMMIT instead of costing a round trip of its own.
 * Undefined when the user has no externalId.
 */
export function reportLinking(
  ctx: ProvisioningContext,
  user: Pick<User, 'id' | 'profile'>,
  at: string,
): ReportLinking | undefined {
  const externalId = user.profile.externalId;
  if (externalId === null || externalId === '') return undefined;
  const f = linkedFields(user, externalId);
  return {
    tenantId: ctx.tenantId,
    providerId: ctx.provider.id,
    externalId,
    managerId: user.id,
    at,
    entry: {
      tenantId: ctx.tenantId,
      providerId: ctx.provider.id,
      at,
      changeType: 'Modified',
      attribute: f.attribute,
      oldValue: f.oldValue,
      newValue: f.newValue,
      detail: f.detail,
    },
  };
}
