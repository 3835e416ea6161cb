import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { addCustodian, getMatter, releaseMatter, removeCustodian, type Matter } from '../../api/legal-holds';
import { getUser, listUsers } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-dialog';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { useDebounced } from '../../components/use-debounced';

/** One matter's custodians (SPEC C4: a custodian is never deactivated, only blocked, while the hold lasts). */
export function Custodians({ matter }: { matter: Matter }) {
  const id = useId();
  const qc = useQueryClient();
  const detail = useQuery({ queryKey: ['legal-hold', matter.id], queryFn: () => getMatter(matter.id) });
  const custodians = detail.data?.custodians ?? [];
  const names = useQueries({
    queries: custodians.map((c) => ({ queryKey: ['user', c.userId], queryFn: () => getUser(c.userId) })),
  });
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const found = useQuery({
    queryKey: ['users', { userName: settled }, 'custodian-search'],
    queryFn: () => listUsers({ userName: settled }, undefined, 8),
    enabled: settled.length > 0,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['legal-hold', matter.id] });
    void qc.invalidateQueries({ queryKey: ['legal-holds'] });
  };
  const add = useMutation({ mutationFn: (userId: string) => addCustodian(matter.id, userId), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: (userId: string) => removeCustodian(matter.id, userId),
    onSuccess: refresh,
  });
  const release = useMutation({ mutationFn: () => releaseMatter(matter.id), onSuccess: refresh });
  if (detail.isPending) return <Loading />;
  const active = matter.status === 'active';
  return (
    <section aria-labelledby={`${id}-h`} className="split-main">
      <h2 id={`${id}-h`}>{matter.name}</h2>
      <p className="muted">
        {active ? `Active since ${formatDate(matter.createdAt)}` : `Released ${formatDate(matter.releasedAt)}`}
      </p>
      <h3>Custodians</h3>
      {custodians.length === 0 ? <p className="muted">No custodians yet.</p> : null}
      <ul className="custodians">
        {custodians.map((c, i) => (
          <li key={c.userId}>
            <Link to="/users/$userId" params={{ userId: c.userId }}>
              {names[i]?.data?.user.userName ?? c.userId}
            </Link>{' '}
            <span className="reason">added {formatDate(c.addedAt)}</span>
            {active ? (
              <button type="button" className="secondary small" onClick={() => remove.mutate(c.userId)}>
                Release custodian
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {active ? (
        <>
          <label htmlFor={`${id}-find`}>Add a custodian: username starts with</label>
          <input id={`${id}-find`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          {settled && found.data ? (
            <ul aria-label="Matching users" className="search-results">
              {found.data.users.map((u) => (
                <li key={u.id}>
                  {u.userName}{' '}
                  <button
                    type="button"
                    className="small"
                    disabled={custodians.some((c) => c.userId === u.id)}
                    onClick={() => add.mutate(u.id)}
                    aria-label={`Add ${u.userName}`}
                  >
                    Add
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="actions">
            <ConfirmButton
              label="Release matter"
              title={`Release ${matter.name}?`}
              confirmLabel="Release"
              onConfirm={() => release.mutate()}
            >
              <p>Custodians whose deactivation is still wanted are deactivated when no other hold keeps them.</p>
            </ConfirmButton>
          </div>
        </>
      ) : null}
      <ProblemMessage error={detail.error ?? add.error ?? remove.error ?? release.error} />
    </section>
  );
}
