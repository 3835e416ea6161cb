import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { getMe, permissionsOf } from '../../api/session';
import { runUserAction, type UserAction, type UserDetail } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-dialog';
import { ProblemMessage } from '../../components/problem-message';
import { EditRolesDialog } from './edit-roles-dialog';
import { MoveUserDialog } from './move-user-dialog';

/** Why an action is off for this user: their provider's mapping decides it (seeds/002), or undefined. */
export function managedReasons(detail: UserDetail): { move?: string; roles?: string } {
  const m = detail.managedBy;
  if (!m) return {};
  return {
    ...(m.organization
      ? { move: `The organization is set by ${m.providerName}'s organization mapping (${m.organization}).` }
      : {}),
    ...(m.roles?.method === 'groups' ? { roles: `Roles are set by ${m.providerName}'s role mapping.` } : {}),
  };
}

/** A button that is disabled with its reason shown beside it (and announced with it). */
function ReasonedButton(props: { label: string; reason?: string; disabled?: boolean; onClick: () => void }) {
  const id = useId();
  return (
    <span className="reasoned">
      <button
        type="button"
        className="secondary"
        disabled={props.disabled || !!props.reason}
        aria-describedby={props.reason ? id : undefined}
        onClick={props.onClick}
      >
        {props.label}
      </button>
      {props.reason ? (
        <span id={id} className="reason">
          {props.reason}
        </span>
      ) : null}
    </span>
  );
}

/** Block / unblock / deactivate / reactivate (SPEC C4), move and roles; only what the caller may do is offered. */
export function UserActions({ detail }: { detail: UserDetail }) {
  const user = detail.user;
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const granted = permissionsOf(me.data);
  const [dialog, setDialog] = useState<'move' | 'roles' | null>(null);
  const act = useMutation({
    mutationFn: (a: UserAction) => runUserAction(user.id, a),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['user', user.id] });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const deactivated = user.status === 'deactivated';
  const canUpdate = granted.has('users.update');
  const canDeactivate = granted.has('users.create_deactivate');
  const reasons = managedReasons(detail);
  if (!canUpdate && !canDeactivate) return null;
  return (
    <section aria-label="Actions" className="user-actions">
      <div className="actions">
        {canUpdate && !deactivated ? (
          <button
            type="button"
            className="secondary"
            disabled={act.isPending}
            onClick={() => act.mutate(detail.adminBlocked ? 'unblock' : 'block')}
          >
            {detail.adminBlocked ? 'Unblock' : 'Block'}
          </button>
        ) : null}
        {canDeactivate && deactivated ? (
          <button type="button" className="secondary" disabled={act.isPending} onClick={() => act.mutate('reactivate')}>
            Reactivate
          </button>
        ) : null}
        {canDeactivate && !deactivated ? (
          <ConfirmButton
            label="Deactivate"
            title={`Deactivate ${user.userName}?`}
            confirmLabel="Deactivate now"
            danger
            disabled={act.isPending}
            onConfirm={() => act.mutate('deactivate')}
          >
            <p>
              The user can no longer sign in, their devices are deactivated and their archives move to cold storage for
              the organization's cold-storage period. A manual deactivation has no delay. Reactivating before the
              archives are purged brings everything back.
            </p>
          </ConfirmButton>
        ) : null}
        {canUpdate ? (
          <>
            <ReasonedButton label="Move" reason={reasons.move} onClick={() => setDialog('move')} />
            <ReasonedButton label="Edit roles" reason={reasons.roles} onClick={() => setDialog('roles')} />
          </>
        ) : null}
      </div>
      <ProblemMessage error={act.error} />
      {dialog === 'move' ? <MoveUserDialog user={user} isOpen onClose={() => setDialog(null)} /> : null}
      {dialog === 'roles' ? <EditRolesDialog detail={detail} isOpen onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
