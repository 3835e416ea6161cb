import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import {
  addCustodian,
  getMatter,
  releaseMatter,
  removeCustodian,
  type Custodian,
  type Matter,
} from '../../api/legal-holds';
import { getUser, listUsers } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-dialog';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { useDebounced } from '../../components/use-debounced';

/** Adding, releasing a custodian and releasing the matter; each refreshes the matter and the list. */
function useCustodianMutations(matterId: string) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['legal-hold', matterId] });
    void qc.invalidateQueries({ queryKey: ['legal-holds'] });
  };
  const add = useMutation({ mutationFn: (userId: string) => addCustodian(matterId, userId), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: (userId: string) => removeCustodian(matterId, userId),
    onSuccess: refresh,
  });
  const release = useMutation({ mutationFn: () => releaseMatter(matterId), onSuccess: refresh });
  return { add, remove, release };
}

/** One matter's custodians (SPEC C4: a custodian is never deactivated, only blocked, while the hold lasts). */
export function Custodians({ matter }: { matter: Matter }) {
  const id = useId();
  const detail = useQuery({ queryKey: ['legal-hold', matter.id], queryFn: () => getMatter(matter.id) });
  const custodians = detail.data?.custodians ?? [];
  const { add, remove, release } = useCustodianMutations(matter.id);
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
      <CustodianList custodians={custodians} active={active} onRelease={(userId) => remove.mutate(userId)} />
      {active ? (
        <>
          <CustodianSearch
            inputId={`${id}-find`}
            isCustodian={(userId) => custodians.some((c) => c.userId === userId)}
            onAdd={(userId) => add.mutate(userId)}
          />
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

/** The custodians, linked to their user pages by username; each can be released while the matter is active. */
function CustodianList(props: { custodians: Custodian[]; active: boolean; onRelease: (userId: string) => void }) {
  const names = useQueries({
    queries: props.custodians.map((c) => ({ queryKey: ['user', c.userId], queryFn: () => getUser(c.userId) })),
  });
  return (
    <ul className="custodians">
      {props.custodians.map((c, i) => (
        <li key={c.userId}>
          <Link to="/users/$userId" params={{ userId: c.userId }}>
            {names[i]?.data?.user.userName ?? c.userId}
          </Link>{' '}
          <span className="reason">added {formatDate(c.addedAt)}</span>
          {props.active ? (
            <button type="button" className="secondary small" onClick={() => props.onRelease(c.userId)}>
              Release custodian
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Finds users by username prefix (debounced) and offers to add each that is not a custodian yet. */
function CustodianSearch(props: {
  inputId: string;
  isCustodian: (userId: string) => boolean;
  onAdd: (userId: string) => void;
}) {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const found = useQuery({
    queryKey: ['users', { userName: settled }, 'custodian-search'],
    queryFn: () => listUsers({ userName: settled }, undefined, 8),
    enabled: settled.length > 0,
  });
  return (
    <>
      <label htmlFor={props.inputId}>Add a custodian: username starts with</label>
      <input id={props.inputId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      {settled && found.data ? (
        <ul aria-label="Matching users" className="search-results">
          {found.data.users.map((u) => (
            <li key={u.id}>
              {u.userName}{' '}
              <button
                type="button"
                className="small"
                disabled={props.isCustodian(u.id)}
                onClick={() => props.onAdd(u.id)}
                aria-label={`Add ${u.userName}`}
              >
                Add
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
