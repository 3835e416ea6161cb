import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { decideHeldDeactivations, getHeldDeactivations } from '../../api/providers';
import { ConfirmButton } from '../../components/confirm-dialog';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';

/** The mass-deprovision guard's held deactivations, shown first and loudly until decided. */
export function HeldDeactivations({ providerId }: { providerId: string }) {
  const qc = useQueryClient();
  const held = useQuery({
    queryKey: ['held', providerId],
    queryFn: () => getHeldDeactivations(providerId),
  });
  const decide = useMutation({
    mutationFn: (d: 'confirm' | 'reject') => decideHeldDeactivations(providerId, d),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['held', providerId] });
      void qc.invalidateQueries({ queryKey: ['providers'] });
      void qc.invalidateQueries({ queryKey: ['provider', providerId] });
    },
  });
  if (!held.data || (held.data.flaggedAt === null && held.data.held.length === 0)) return null;
  const n = held.data.held.length;
  return (
    <section className="alert-held" aria-labelledby="held-h" role="region">
      <h2 id="held-h">
        {n} deactivation{n === 1 ? '' : 's'} held by the mass-deprovision guard
      </h2>
      <p>
        This provider asked to deactivate an unusual share of its users at once (since {formatDate(held.data.flaggedAt)}
        ). The users are blocked; nobody is deactivated until you decide.
      </p>
      <ul className="held-list">
        {held.data.held.slice(0, 50).map((h) => (
          <li key={h.userId}>
            {h.userName} <span className="reason">requested {formatDate(h.requestedAt)}</span>
          </li>
        ))}
      </ul>
      {n > 50 ? <p className="muted">…and {n - 50} more.</p> : null}
      <div className="actions">
        <ConfirmButton
          label="Confirm deactivations"
          title={`Deactivate ${n} user${n === 1 ? '' : 's'}?`}
          confirmLabel="Deactivate them"
          danger
          onConfirm={() => decide.mutate('confirm')}
        >
          <p>Their deactivations go ahead now (legal holds still apply).</p>
        </ConfirmButton>
        <button type="button" className="secondary" onClick={() => decide.mutate('reject')}>
          Reject — keep them active
        </button>
      </div>
      <ProblemMessage error={decide.error} />
    </section>
  );
}
