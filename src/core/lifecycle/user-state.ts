import type { DeactivationState, User, UserStatus } from '../directory/user.js';
import type { ChangeType } from '../sync-log/sync-log.js';

/**
 * The user state model of SPEC C4. Three independent facts say WHY a user may not
 * sign in; the status is derived from them and never set by hand, so that lifting one reason (an
 * administrator's unblock, a provider's re-activation, a released legal hold) cannot erase another.
 *
 *   deactivatedAt  deactivationState  adminBlocked │ status
 *   set            (null)             any          │ deactivated
 *   null           pending/held_*     any          │ blocked
 *   null           null               true         │ blocked
 *   null           null               false        │ active
 */
export interface LifecycleFields {
  adminBlocked: boolean;
  deactivationState: DeactivationState | null;
  deactivatedAt: string | null;
}

/** The status the lifecycle fields imply. */
export function deriveStatus(f: LifecycleFields): UserStatus {
  if (f.deactivatedAt !== null) return 'deactivated';
  return f.deactivationState !== null || f.adminBlocked ? 'blocked' : 'active';
}

/** A copy of `user` with `patch` applied and its status derived again (version and updatedAt untouched). */
export function withLifecycle(user: User, patch: Partial<LifecycleFields>): User {
  const next = { ...user, ...patch };
  return { ...next, status: deriveStatus(next) };
}

/** One sync-log line for a lifecycle change (SPEC C5 vocabulary). */
export interface Transition {
  changeType: ChangeType;
  attribute: 'status' | 'deactivation' | 'blocked';
  oldValue: string | null;
  newValue: string | null;
}

/**
 * How a lifecycle change reads in the sync log: a status change first (Deactivated, Blocked,
 * Reactivated); else a change of the wanted deactivation (held → Blocked, otherwise Modified); else
 * an administrator's block flag under a status that did not move (Modified). Null when nothing changed.
 */
export function describeTransition(
  before: LifecycleFields & { status: UserStatus },
  after: LifecycleFields & { status: UserStatus },
): Transition | null {
  if (before.status !== after.status) {
    const changeType: ChangeType =
      after.status === 'deactivated'
        ? 'Deactivated'
        : after.status === 'blocked' && before.status === 'active'
          ? 'Blocked'
          : 'Reactivated';
    return { changeType, attribute: 'status', oldValue: before.status, newValue: after.status };
  }
  if (before.deactivationState !== after.deactivationState) {
    const held = after.deactivationState === 'held_legal' || after.deactivationState === 'held_guard';
    return {
      changeType: held ? 'Blocked' : 'Modified',
      attribute: 'deactivation',
      oldValue: before.deactivationState,
      newValue: after.deactivationState,
    };
  }
  if (before.adminBlocked !== after.adminBlocked) {
    return {
      changeType: 'Modified',
      attribute: 'blocked',
      oldValue: String(before.adminBlocked),
      newValue: String(after.adminBlocked),
    };
  }
  return null;
}

/** What a due user.deactivate timer does (SPEC C4: a timer for a user reactivated or changed meanwhile takes no action). */
export type DeactivationTimerOutcome = 'no_action' | 'hold_legal' | 'deactivate';

/** Decides a due user.deactivate timer: only a deactivation still pending acts; a legal hold turns it into a hold. */
export function deactivationTimerOutcome(
  user: LifecycleFields | undefined,
  onLegalHold: boolean,
): DeactivationTimerOutcome {
  if (!user || user.deactivatedAt !== null || user.deactivationState !== 'pending') return 'no_action';
  return onLegalHold ? 'hold_legal' : 'deactivate';
}
