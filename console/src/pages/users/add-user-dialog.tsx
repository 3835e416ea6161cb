import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { flattenTrees, getOrganizationTrees } from '../../api/organizations';
import { createLocalUser, type CreatedUser } from '../../api/users';
import { CopyField } from '../../components/copy-field';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';
import { RoleCheckboxes } from './role-checkboxes';

const EMPTY = { username: '', email: '', firstName: '', lastName: '', password: '' };

/** Add a local user (SPEC C6 local directory): with a password, or with a one-time set-password link. */
export function AddUserDialog(props: { isOpen: boolean; onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const orgs = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const orgList = useMemo(() => (orgs.data ? flattenTrees(orgs.data) : []), [orgs.data]);
  const [form, setForm] = useState(EMPTY);
  const [orgName, setOrgName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedUser>();
  const create = useMutation({
    mutationFn: () =>
      createLocalUser({
        username: form.username.trim(),
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
        ...(form.firstName.trim() ? { firstName: form.firstName.trim() } : {}),
        ...(form.lastName.trim() ? { lastName: form.lastName.trim() } : {}),
        ...(orgName ? { organization: orgName } : {}),
        ...(roles.length ? { roles } : {}),
        ...(form.password ? { password: form.password } : {}),
      }),
    onSuccess: (c) => {
      setCreated(c);
      setForm(EMPTY);
      setRoles([]);
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const close = () => {
    setCreated(undefined);
    create.reset();
    props.onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const field = (key: keyof typeof EMPTY, label: string, type = 'text', hint?: string) => (
    <div>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={type}
        value={form[key]}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        aria-describedby={hint ? `${id}-${key}-hint` : undefined}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
      {hint ? (
        <p id={`${id}-${key}-hint`} className="muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
  return (
    <Modal
      isOpen={props.isOpen}
      onClose={close}
      title={created ? 'User added' : 'Add local user'}
      wide
      locked={!!created}
    >
      {created ? (
        <>
          <p>
            <Link to="/users/$userId" params={{ userId: created.user.id }}>
              {created.user.userName}
            </Link>{' '}
            was added.
          </p>
          {created.passwordLink ? (
            <>
              <p className="notice">
                Send this set-password link to the user; it is shown only now and expires{' '}
                {new Date(created.passwordLink.expiresAt).toLocaleString()}.
              </p>
              <CopyField label="Set-password link" value={created.passwordLink.url} />
            </>
          ) : null}
          <div className="actions">
            <button type="button" onClick={close}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} className="stack">
          {field('username', 'Username')}
          {field('email', 'Email', 'email')}
          {field('firstName', 'First name')}
          {field('lastName', 'Last name')}
          <div>
            <label htmlFor={`${id}-org`}>Organization</label>
            <select id={`${id}-org`} value={orgName} onChange={(e) => setOrgName(e.target.value)}>
              <option value="">The top organization</option>
              {orgList.map(({ org, depth }) => (
                <option key={org.id} value={org.name}>
                  {'\u00a0\u00a0'.repeat(depth) + org.name}
                </option>
              ))}
            </select>
          </div>
          <RoleCheckboxes
            legend="Roles (the organization's default roles when none)"
            value={roles}
            onChange={setRoles}
          />
          {field('password', 'Password (optional)', 'password', 'Leave empty to get a one-time set-password link.')}
          <ProblemMessage error={create.error ?? orgs.error} />
          <div className="actions">
            <button type="submit" disabled={!form.username.trim() || create.isPending}>
              Add user
            </button>
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
