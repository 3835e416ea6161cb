import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import {
  createOrganization,
  deleteOrganization,
  flattenTrees,
  getOrganizationTrees,
  type OrganizationNode,
} from '../../api/organizations';
import { ConfirmButton } from '../../components/confirm-dialog';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { OrganizationSettings } from './organization-settings';
import { OrganizationTree } from './organization-tree';

function findNode(nodes: OrganizationNode[], id: string | undefined): OrganizationNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = findNode(n.children, id);
    if (inner) return inner;
  }
  return undefined;
}

function subtreeIds(n: OrganizationNode, out = new Set<string>()): Set<string> {
  out.add(n.id);
  for (const c of n.children) subtreeIds(c, out);
  return out;
}

/** Organizations (SPEC C1, C10): the tree; add a child; rename, move and settings; delete. */
export function OrganizationsPage() {
  const qc = useQueryClient();
  const trees = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const [selectedId, setSelectedId] = useState<string>();
  const roots = useMemo(() => trees.data ?? [], [trees.data]);
  const selected = findNode(roots, selectedId) ?? roots[0];
  const parents = useMemo(() => {
    if (!selected) return [];
    const excluded = subtreeIds(selected);
    return flattenTrees(roots)
      .filter(({ org }) => !excluded.has(org.id))
      .map(({ org, depth }) => ({ id: org.id, label: '\u00a0\u00a0'.repeat(depth) + org.name }));
  }, [roots, selected]);
  const remove = useMutation({
    mutationFn: (id: string) => deleteOrganization(id),
    onSuccess: () => {
      setSelectedId(undefined);
      void qc.invalidateQueries({ queryKey: ['organizations'] });
    },
  });
  if (trees.isPending) return <Loading label="Loading organizations…" />;
  if (trees.isError) return <ProblemMessage error={trees.error} />;
  return (
    <>
      <h1>Organizations</h1>
      <div className="split">
        <OrganizationTree roots={roots} selectedId={selected?.id} onSelect={setSelectedId} />
        {selected ? (
          <div className="split-main">
            <h2 className="org-title">{selected.name}</h2>
            <p className="muted">
              {selected.children.length} child organization{selected.children.length === 1 ? '' : 's'}
            </p>
            <AddChild parent={selected} onCreated={setSelectedId} />
            <OrganizationSettings key={selected.id} org={selected} parents={parents} />
            {selected.parentId !== null ? (
              <div className="actions">
                <ConfirmButton
                  label="Delete organization"
                  title={`Delete ${selected.name}?`}
                  confirmLabel="Delete"
                  danger
                  onConfirm={() => remove.mutate(selected.id)}
                >
                  <p>
                    An organization that still has users or child organizations, or that a provider maps users to,
                    cannot be deleted.
                  </p>
                </ConfirmButton>
              </div>
            ) : null}
            <ProblemMessage error={remove.error} />
          </div>
        ) : null}
      </div>
    </>
  );
}

function AddChild({ parent, onCreated }: { parent: OrganizationNode; onCreated: (id: string) => void }) {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => createOrganization(name.trim(), parent.id),
    onSuccess: (org) => {
      setName('');
      void qc.invalidateQueries({ queryKey: ['organizations'] });
      onCreated(org.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <label htmlFor={`${id}-child`}>Add a child organization to {parent.name}</label>
      <div className="row">
        <input id={`${id}-child`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        <button type="submit" disabled={!name.trim() || create.isPending}>
          Add organization
        </button>
      </div>
      <ProblemMessage error={create.error} />
    </form>
  );
}
