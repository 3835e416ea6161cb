import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { updateOrganization, type Organization } from '../../api/organizations';
import { listRoles, type RoleDefinition } from '../../api/roles';
import { ProblemMessage } from '../../components/problem-message';
import { MfaRequirementField, mfaRequiredOf, mfaSettingOf } from './mfa-requirement-field';

/** The settings form's fields, reset when the organization changes, and the save that sends only what changed. */
function useOrganizationSettingsForm(org: Organization) {
  const qc = useQueryClient();
  const [name, setName] = useState(org.name);
  const [parentId, setParentId] = useState(org.parentId ?? '');
  const [defaultRoles, setDefaultRoles] = useState<string[]>(org.defaultRoles);
  const [coldStorageDays, setColdStorageDays] = useState(String(org.coldStorageDays));
  const [mfa, setMfa] = useState(mfaSettingOf(org));
  useEffect(() => {
    setMfa(mfaSettingOf(org));
    setName(org.name);
    setParentId(org.parentId ?? '');
    setDefaultRoles(org.defaultRoles);
    setColdStorageDays(String(org.coldStorageDays));
  }, [org]);
  const save = useMutation({
    mutationFn: () => {
      const change: Record<string, unknown> = {};
      if (name.trim() !== org.name) change.name = name.trim();
      if (org.parentId !== null && parentId !== org.parentId) change.parentId = parentId;
      if ([...defaultRoles].sort().join() !== [...org.defaultRoles].sort().join()) change.defaultRoles = defaultRoles;
      if (Number(coldStorageDays) !== org.coldStorageDays) change.coldStorageDays = Number(coldStorageDays);
      if (mfa !== mfaSettingOf(org)) change.settings = { mfaRequired: mfaRequiredOf(mfa) };
      return updateOrganization(org.id, change);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['organizations'] }),
  });
  const fields = { name, parentId, defaultRoles, coldStorageDays, mfa };
  const setters = { setName, setParentId, setDefaultRoles, setColdStorageDays, setMfa };
  return { fields, setters, save };
}

/** An organization's name, place in the tree and settings (SPEC C1): one PATCH, all or nothing. */
export function OrganizationSettings(props: { org: Organization; parents: { id: string; label: string }[] }) {
  const { org } = props;
  const id = useId();
  const roles = useQuery({ queryKey: ['roles'], queryFn: listRoles, staleTime: Infinity });
  const { fields, setters, save } = useOrganizationSettingsForm(org);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Settings</h2>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        value={fields.name}
        onChange={(e) => setters.setName(e.target.value)}
        required
        maxLength={200}
      />
      {org.parentId !== null ? (
        <>
          <label htmlFor={`${id}-parent`}>Parent organization</label>
          <select id={`${id}-parent`} value={fields.parentId} onChange={(e) => setters.setParentId(e.target.value)}>
            {props.parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </>
      ) : (
        <p className="muted">This organization is the top of the tree you manage: it cannot be moved.</p>
      )}
      <label htmlFor={`${id}-cold`}>Cold-storage period (days)</label>
      <input
        id={`${id}-cold`}
        type="number"
        min={1}
        value={fields.coldStorageDays}
        onChange={(e) => setters.setColdStorageDays(e.target.value)}
      />
      <MfaRequirementField org={org} value={fields.mfa} onChange={setters.setMfa} />
      <DefaultRolesField roles={roles.data ?? []} value={fields.defaultRoles} onChange={setters.setDefaultRoles} />
      <ProblemMessage error={save.error ?? roles.error} />
      {save.isSuccess ? (
        <p role="status" className="ok">
          Saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

/** A checkbox per role; a deprecated role is listed only while it is still chosen. */
function DefaultRolesField(props: {
  roles: RoleDefinition[];
  value: string[];
  onChange: (update: (cur: string[]) => string[]) => void;
}) {
  const toggle = (roleId: string, on: boolean) =>
    props.onChange((cur) => (on ? [...cur, roleId] : cur.filter((r) => r !== roleId)));
  return (
    <fieldset className="role-picker">
      <legend>Default roles (for users who receive no mapped roles)</legend>
      {props.roles
        .filter((r) => !r.deprecated || props.value.includes(r.id))
        .map((r) => (
          <label key={r.id} className="check">
            <input
              type="checkbox"
              checked={props.value.includes(r.id)}
              onChange={(e) => toggle(r.id, e.target.checked)}
            />
            {r.name}
          </label>
        ))}
    </fieldset>
  );
}
