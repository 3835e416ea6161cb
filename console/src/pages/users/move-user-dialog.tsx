import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { flattenTrees, getOrganizationTrees } from '../../api/organizations';
import { moveUser, type UserSummary } from '../../api/users';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';

/** Moves a user to another organization the caller manages. */
export function MoveUserDialog(props: { user: UserSummary; isOpen: boolean; onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const orgs = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const orgList = useMemo(() => (orgs.data ? flattenTrees(orgs.data) : []), [orgs.data]);
  const [orgId, setOrgId] = useState(props.user.orgId);
  const move = useMutation({
    mutationFn: () => moveUser(props.user.id, orgId),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['user', props.user.id] });
      void qc.invalidateQueries({ queryKey: ['users'] });
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate();
  };
  return (
    <Modal isOpen={props.isOpen} onClose={props.onClose} title={`Move ${props.user.userName}`}>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-org`}>Organization</label>
        <select id={`${id}-org`} value={orgId} onChange={(e) => setOrgId(e.target.value)}>
          {orgList.map(({ org, depth }) => (
            <option key={org.id} value={org.id}>
              {'\u00a0\u00a0'.repeat(depth) + org.name}
            </option>
          ))}
        </select>
        <p className="muted">The user takes the new organization's settings; their roles stay as they are.</p>
        <ProblemMessage error={move.error ?? orgs.error} />
        <div className="actions">
          <button type="submit" disabled={move.isPending || orgId === props.user.orgId}>
            Move
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
