import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyMapping, type ApplyResult } from '../../api/mapping';
import { ProblemMessage } from '../../components/problem-message';

function ChangesTable({ r }: { r: ApplyResult }) {
  if (r.changes.length === 0) return <p className="muted">No user would change.</p>;
  return (
    <div className="table-scroll short">
      <table>
        <caption className="sr-only">Changes</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Organization</th>
            <th scope="col">Roles added</th>
            <th scope="col">Roles removed</th>
            <th scope="col">Not in role mapping</th>
          </tr>
        </thead>
        <tbody>
          {r.changes.map((c) => (
            <tr key={c.userId}>
              <td>{c.userName}</td>
              <td>{c.organization ? `${c.organization.from.name} → ${c.organization.to.name}` : '—'}</td>
              <td>{c.rolesAdded.join(', ') || '—'}</td>
              <td>{c.rolesRemoved.join(', ') || '—'}</td>
              <td>{c.notInRoleMapping ? 'Yes' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Apply organization and role settings (SPEC C3): a dry-run preview first, then the real thing. */
export function ApplySection({ providerId }: { providerId: string }) {
  const qc = useQueryClient();
  const preview = useMutation({ mutationFn: () => applyMapping(providerId, true) });
  const apply = useMutation({
    mutationFn: () => applyMapping(providerId, false),
    onSuccess: () => {
      preview.reset();
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const p = preview.data;
  return (
    <section className="card" aria-labelledby="apply-h">
      <h2 id="apply-h">Apply organization and role settings</h2>
      <p className="muted">Re-evaluates every user of this provider with the current mapping and moves them.</p>
      <div className="actions">
        <button type="button" className="secondary" disabled={preview.isPending} onClick={() => preview.mutate()}>
          {preview.isPending ? 'Previewing…' : 'Preview changes'}
        </button>
      </div>
      {p ? (
        <div role="region" aria-label="Preview">
          <p>
            {p.usersChanged.toLocaleString()} of {p.usersEvaluated.toLocaleString()} users would change
            {p.truncated ? ` (the first ${p.changes.length} are listed)` : ''}.
          </p>
          <ChangesTable r={p} />
          <div className="actions">
            <button type="button" disabled={apply.isPending || p.usersChanged === 0} onClick={() => apply.mutate()}>
              {apply.isPending ? 'Applying…' : `Apply to ${p.usersChanged.toLocaleString()} users`}
            </button>
          </div>
        </div>
      ) : null}
      {apply.data ? (
        <p role="status" className="ok">
          Applied: {apply.data.usersChanged.toLocaleString()} users changed.
        </p>
      ) : null}
      <ProblemMessage error={preview.error ?? apply.error} />
    </section>
  );
}
