import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { flattenTrees, getOrganizationTrees } from '../../api/organizations';
import { createLocalUser, type CreatedUser, type NewLocalUser } from '../../api/users';
import { ProblemMessage } from '../../components/problem-message';
import { RoleCheckboxes } from './role-checkboxes';

const EMPTY = { username: '', email: '', firstName: '', lastName: '', password: '' };
type Fields = typeof EMPTY;

/** The request body: blank optional fields are left out (the API then applies its defaults). */
function toNewUser(form: Fields, organization: string, roles: string[]): NewLocalUser {
  const text = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    username: form.username.trim(),
    email: text(form.email),
    firstName: text(form.firstName),
    lastName: text(form.lastName),
    organization: organization || undefined,
    roles: roles.length ? roles : undefined,
    password: form.password || undefined,
  };
}

/** The organization picker: the API takes the organization's name (the root when none). */
function OrganizationByName(props: { value: string; onChange: (name: string) => void }) {
  const id = useId();
  const orgs = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const orgList = useMemo(() => (orgs.data ? flattenTrees(orgs.data) : []), [orgs.data]);
  return (
    <div>
      <label htmlFor={id}>Organization</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">The top organization</option>
        {orgList.map(({ org, depth }) => (
          <option key={org.id} value={org.name}>
            {'\u00a0\u00a0'.repeat(depth) + org.name}
          </option>
        ))}
      </select>
      <ProblemMessage error={orgs.error} />
    </div>
  );
}

/** The fields of a new local user; the organization by name, roles from the catalogue, password optional. */
export function AddUserForm(props: { onCreated: (c: CreatedUser) => void; onCancel: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const [orgName, setOrgName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () => createLocalUser(toNewUser(form, orgName, roles)),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      props.onCreated(c);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const field = (key: keyof Fields, label: string, type = 'text') => (
    <div>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={type}
        value={form[key]}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        aria-describedby={key === 'password' ? `${id}-password-hint` : undefined}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <form onSubmit={submit} className="stack">
      {field('username', 'Username')}
      {field('email', 'Email', 'email')}
      {field('firstName', 'First name')}
      {field('lastName', 'Last name')}
      <OrganizationByName value={orgName} onChange={setOrgName} />
      <RoleCheckboxes legend="Roles (the organization's default roles when none)" value={roles} onChange={setRoles} />
      {field('password', 'Password (optional)', 'password')}
      <p id={`${id}-password-hint`} className="muted">
        Leave empty to get a one-time set-password link.
      </p>
      <ProblemMessage error={create.error} />
      <div className="actions">
        <button type="submit" disabled={!form.username.trim() || create.isPending}>
          Add user
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
