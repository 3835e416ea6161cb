import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { setUserRoles, type UserDetail } from '../../api/users';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';
import { RoleCheckboxes } from './role-checkboxes';

/** Replaces a user's manual roles; a directory sync's managed roles are shown but locked (seeds/002). */
export function EditRolesDialog(props: { detail: UserDetail; isOpen: boolean; onClose: () => void }) {
  const { user, roles, managedBy } = props.detail;
  const qc = useQueryClient();
  const [roleIds, setRoleIds] = useState(() => roles.map((r) => r.roleId));
  const locked = useMemo(
    () =>
      managedBy?.roles?.method === 'managed'
        ? {
            roleIds: new Set(managedBy.roles.roleIds),
            reason: `Managed by ${managedBy.providerName}: change it in the directory`,
          }
        : undefined,
    [managedBy],
  );
  const save = useMutation({
    mutationFn: () => setUserRoles(user.id, roleIds),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['user', user.id] });
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal isOpen={props.isOpen} onClose={props.onClose} title={`Roles of ${user.userName}`} wide>
      <form onSubmit={submit}>
        <RoleCheckboxes legend="Roles" value={roleIds} onChange={setRoleIds} locked={locked} />
        <p className="muted">You can give or take only roles whose permissions you hold yourself.</p>
        <ProblemMessage error={save.error} />
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            Save roles
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
