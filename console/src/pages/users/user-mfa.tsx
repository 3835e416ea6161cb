import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getMe, permissionsOf } from '../../api/session';
import { resetUserMfa, type UserDetail } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-dialog';
import { ProblemMessage } from '../../components/problem-message';

/**
 * The user's two-step verification (SPEC C6): whether they have an authenticator, whether their
 * organization requires one, and, for a Multi-Factor Auth Admin over them, the reset that lets
 * someone who lost their phone enrol again at their next sign-in.
 */
export function UserMfa({ detail }: { detail: UserDetail }) {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const canReset = permissionsOf(me.data).has('mfa.manage');
  const reset = useMutation({
    mutationFn: () => resetUserMfa(detail.user.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['user', detail.user.id] }),
  });
  const { enrolled, required } = detail.mfa;
  return (
    <section className="card" aria-labelledby="mfa-h">
      <h2 id="mfa-h">Two-step verification</h2>
      <p>
        <strong>{enrolled ? 'On' : 'Off'}</strong>
        <span className="reason">
          {' '}
          ({required ? 'required by the organization' : 'not required by the organization'})
        </span>
      </p>
      <ProblemMessage error={reset.error} />
      {reset.isSuccess ? <p role="status">Reset: the user sets it up again at their next sign-in.</p> : null}
      {canReset && enrolled ? (
        <ConfirmButton
          label="Reset two-step verification"
          title="Reset two-step verification?"
          confirmLabel="Reset"
          disabled={reset.isPending}
          onConfirm={() => reset.mutate()}
        >
          <p>
            The user's authenticator and recovery codes stop working and they are signed out everywhere.
            {required ? ' Their organization requires it, so they set it up again at their next sign-in.' : ''}
          </p>
        </ConfirmButton>
      ) : null}
    </section>
  );
}
