import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { createApiToken, type IssuedToken } from '../../api/api-tokens';
import { CopyField } from '../../components/copy-field';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';

/** Creates a token acting as the caller; the secret is shown once, with a copy button (only its hash is kept). */
export function CreateTokenForm() {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [issued, setIssued] = useState<IssuedToken>();
  const create = useMutation({
    // A date input gives a day: the token ends at the end of it, local time.
    mutationFn: () =>
      createApiToken({
        name: name.trim(),
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
      }),
    onSuccess: (t) => {
      setName('');
      setExpires('');
      setIssued(t);
      void qc.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Create a token</h2>
      <form onSubmit={submit} className="filters">
        <div>
          <label htmlFor={`${id}-n`}>Name</label>
          <input id={`${id}-n`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </div>
        <div>
          <label htmlFor={`${id}-e`}>Expires (optional)</label>
          <input id={`${id}-e`} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </div>
        <div className="export">
          <button type="submit" disabled={!name.trim() || create.isPending}>
            Create token
          </button>
        </div>
      </form>
      <p className="muted">A token acts as you, with your roles at the time of each request.</p>
      <ProblemMessage error={create.error} />
      <Modal isOpen={issued !== undefined} onClose={() => setIssued(undefined)} title="API token created" locked>
        {issued ? (
          <>
            <p className="notice">
              This is the only time the token is shown: Roster keeps only its hash. Store it in a secret store now.
            </p>
            <CopyField label="Token" value={issued.secret} />
            <p className="muted">
              Send it as <code>Authorization: Bearer …</code> to <code>{window.location.origin}/api/v1</code>.
            </p>
            <div className="actions">
              <button type="button" onClick={() => setIssued(undefined)}>
                I have stored it — close
              </button>
            </div>
          </>
        ) : null}
      </Modal>
    </section>
  );
}
