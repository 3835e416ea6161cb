import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { updateProviderSettings, type Provider } from '../../api/providers';
import { formatDuration } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';

/** Deactivation delay (SPEC C4): blocked at once, deactivated after this many minutes. */
export function DelaySection({ provider }: { provider: Provider }) {
  const id = useId();
  const qc = useQueryClient();
  const [minutes, setMinutes] = useState(String(provider.deactivationDelaySeconds / 60));
  const save = useMutation({
    mutationFn: () =>
      updateProviderSettings(provider.id, { deactivationDelaySeconds: Math.round(Number(minutes) * 60) }),
    onSuccess: (p) => {
      qc.setQueryData(['provider', provider.id], p);
      void qc.invalidateQueries({ queryKey: ['providers'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Deactivation delay</h2>
      <p className="muted">
        When this provider deactivates a user, Roster blocks them at once and deactivates them after{' '}
        {formatDuration(provider.deactivationDelaySeconds)}. Reactivated within the delay, nothing is lost.
      </p>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor={`${id}-min`}>Delay in minutes</label>
        <div className="row">
          <input
            id={`${id}-min`}
            type="number"
            min={0}
            step={1}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
          <button type="submit" disabled={save.isPending || minutes === '' || Number(minutes) < 0}>
            Save delay
          </button>
        </div>
      </form>
      {save.isSuccess ? (
        <p role="status" className="ok">
          Saved.
        </p>
      ) : null}
      <ProblemMessage error={save.error} />
    </section>
  );
}
