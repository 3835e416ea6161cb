import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { createMatter, listMatters, type Matter } from '../../api/legal-holds';
import { ProblemMessage } from '../../components/problem-message';
import { Empty, Loading } from '../../components/states';
import { Custodians } from './custodians';

/** Legal holds (SPEC C1, C4): matters, their custodians, add and release. */
export function LegalHoldsPage() {
  const id = useId();
  const qc = useQueryClient();
  const matters = useQuery({ queryKey: ['legal-holds'], queryFn: listMatters });
  const [selected, setSelected] = useState<string>();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => createMatter(name.trim()),
    onSuccess: (m) => {
      setName('');
      setSelected(m.id);
      void qc.invalidateQueries({ queryKey: ['legal-holds'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const list = matters.data ?? [];
  const current = list.find((m) => m.id === selected) ?? list[0];
  return (
    <>
      <h1>Legal holds</h1>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor={`${id}-n`}>New matter</label>
        <div className="row">
          <input id={`${id}-n`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          <button type="submit" disabled={!name.trim() || create.isPending}>
            Create matter
          </button>
        </div>
      </form>
      <ProblemMessage error={matters.error ?? create.error} />
      {matters.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty title="No legal-hold matters">
          <p className="muted">Create a matter, then add its custodians.</p>
        </Empty>
      ) : (
        <div className="split">
          <MatterList matters={list} currentId={current?.id} onSelect={setSelected} />
          {current ? <Custodians key={current.id} matter={current} /> : null}
        </div>
      )}
    </>
  );
}

/** The matters as a list of buttons; the current one is marked for assistive technology too. */
function MatterList(props: { matters: Matter[]; currentId: string | undefined; onSelect: (id: string) => void }) {
  return (
    <nav aria-label="Matters" className="org-tree">
      <ul>
        {props.matters.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={m.id === props.currentId ? 'tree-item selected' : 'tree-item'}
              aria-current={m.id === props.currentId ? 'true' : undefined}
              onClick={() => props.onSelect(m.id)}
            >
              {m.name} {m.status === 'released' ? <span className="reason">(released)</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
