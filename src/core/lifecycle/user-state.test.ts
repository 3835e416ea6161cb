// The user state model of SPEC C4: status derived from why a user is blocked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeactivationState, UserStatus } from '../directory/user.ts';
import {
  deactivationTimerOutcome,
  deriveStatus,
  describeTransition,
  type DeactivationTimerOutcome,
  type LifecycleFields,
  type Transition,
} from './user-state.ts';

const f = (
  adminBlocked: boolean,
  deactivationState: DeactivationState | null,
  deactivatedAt: string | null = null,
): LifecycleFields => ({ adminBlocked, deactivationState, deactivatedAt });
const s = (fields: LifecycleFields) => ({ ...fields, status: deriveStatus(fields) });
const AT = '2026-11-23T09:00:00.000Z';

describe('deriveStatus', () => {
  const cases: [string, LifecycleFields, UserStatus][] = [
    ['nothing set', f(false, null), 'active'],
    ['administrator block', f(true, null), 'blocked'],
    ['pending provider deactivation', f(false, 'pending'), 'blocked'],
    ['held by legal hold', f(false, 'held_legal'), 'blocked'],
    ['held by the guard', f(false, 'held_guard'), 'blocked'],
    ['block and pending together', f(true, 'pending'), 'blocked'],
    ['deactivated', f(false, null, AT), 'deactivated'],
    ['deactivated wins over a block', f(true, null, AT), 'deactivated'],
  ];
  for (const [name, fields, expected] of cases) it(name, () => assert.equal(deriveStatus(fields), expected));
});

describe('describeTransition', () => {
  const t = (
    changeType: Transition['changeType'],
    attribute: Transition['attribute'],
    oldValue: string | null,
    newValue: string | null,
  ): Transition => ({ changeType, attribute, oldValue, newValue });
  const cases: [string, LifecycleFields, LifecycleFields, Transition | null][] = [
    ['provider deactivation blocks', f(false, null), f(false, 'pending'), t('Blocked', 'status', 'active', 'blocked')],
    ['administrator block', f(false, null), f(true, null), t('Blocked', 'status', 'active', 'blocked')],
    [
      'the delay elapses',
      f(false, 'pending'),
      f(false, null, AT),
      t('Deactivated', 'status', 'blocked', 'deactivated'),
    ],
    [
      'administrator deactivates an active user',
      f(false, null),
      f(false, null, AT),
      t('Deactivated', 'status', 'active', 'deactivated'),
    ],
    ['reactivation', f(false, null, AT), f(false, null), t('Reactivated', 'status', 'deactivated', 'active')],
    [
      'reactivation keeps an administrator block',
      f(true, null, AT),
      f(true, null),
      t('Reactivated', 'status', 'deactivated', 'blocked'),
    ],
    [
      'provider cancels within the delay',
      f(false, 'pending'),
      f(false, null),
      t('Reactivated', 'status', 'blocked', 'active'),
    ],
    ['unblock', f(true, null), f(false, null), t('Reactivated', 'status', 'blocked', 'active')],
    [
      'legal hold turns a pending deactivation into a hold',
      f(false, 'pending'),
      f(false, 'held_legal'),
      t('Blocked', 'deactivation', 'pending', 'held_legal'),
    ],
    [
      'the guard holds a pending deactivation',
      f(false, 'pending'),
      f(false, 'held_guard'),
      t('Blocked', 'deactivation', 'pending', 'held_guard'),
    ],
    [
      'an administrator confirms a held one',
      f(false, 'held_guard'),
      f(false, 'pending'),
      t('Modified', 'deactivation', 'held_guard', 'pending'),
    ],
    [
      'cancelled under an administrator block',
      f(true, 'pending'),
      f(true, null),
      t('Modified', 'deactivation', 'pending', null),
    ],
    [
      'unblock while a deactivation is pending',
      f(true, 'pending'),
      f(false, 'pending'),
      t('Modified', 'blocked', 'true', 'false'),
    ],
    ['block a deactivated user', f(false, null, AT), f(true, null, AT), t('Modified', 'blocked', 'false', 'true')],
    ['nothing changed', f(true, 'pending'), f(true, 'pending'), null],
  ];
  for (const [name, before, after, expected] of cases)
    it(name, () => assert.deepEqual(describeTransition(s(before), s(after)), expected));
});

describe('deactivationTimerOutcome', () => {
  const cases: [string, LifecycleFields | undefined, boolean, DeactivationTimerOutcome][] = [
    ['pending: deactivate', f(false, 'pending'), false, 'deactivate'],
    ['pending and blocked by an administrator: deactivate', f(true, 'pending'), false, 'deactivate'],
    ['pending on legal hold: hold', f(false, 'pending'), true, 'hold_legal'],
    ['re-activated meanwhile: no action', f(false, null), false, 'no_action'],
    ['only blocked by an administrator: no action', f(true, null), false, 'no_action'],
    ['already deactivated: no action', f(false, null, AT), false, 'no_action'],
    ['held by the guard meanwhile: no action', f(false, 'held_guard'), false, 'no_action'],
    ['already held by legal hold: no action', f(false, 'held_legal'), true, 'no_action'],
    ['user gone: no action', undefined, false, 'no_action'],
  ];
  for (const [name, user, onHold, expected] of cases)
    it(name, () => assert.equal(deactivationTimerOutcome(user, onHold), expected));
});
