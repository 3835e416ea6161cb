import { useMutation, useQueryClient } from '@tanstack/react-query';
import { runUserAction, type UserAction, type UserDetail } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-dialog';
import { ProblemMessage } from '../../components/problem-message';

/** Block / unblock / deactivate / reactivate (SPEC C4); a manual deactivation is immediate, so it asks first. */
export function UserActions({ detail }: { detail: UserDetail }) {
  const user = detail.user;
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (a: UserAction) => runUserAction(user.id, a),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['user', user.id] });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const deactivated = user.status === 'deactivated';
  return (
    <section aria-label="Actions" className="user-actions">
      <div className="actions">
        {!deactivated && !detail.adminBlocked ? (
          <button type="button" className="secondary" disabled={act.isPending} onClick={() => act.mutate('block')}>
            Block
          </button>
        ) : null}
        {!deactivated && detail.adminBlocked ? (
          <button type="button" className="secondary" disabled={act.isPending} onClick={() => act.mutate('unblock')}>
            Unblock
          </button>
        ) : null}
        {deactivated ? (
          <button type="button" className="secondary" disabled={act.isPending} onClick={() => act.mutate('reactivate')}>
            Reactivate
          </button>
        ) : (
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
        )}
      </div>
      <ProblemMessage error={act.error} />
    </section>
  );
}
