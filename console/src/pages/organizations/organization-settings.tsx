import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { updateOrganization, type Organization } from '../../api/organizations';
import { listRoles } from '../../api/roles';
import { ProblemMessage } from '../../components/problem-message';
import { MfaRequirementField, mfaRequiredOf, mfaSettingOf } from './mfa-requirement-field';

/** An organization's name, place in the tree and settings (SPEC C1): one PATCH, all or nothing. */
export function OrganizationSettings(props: { org: Organization; parents: { id: string; label: string }[] }) {
  const { org } = props;
  const id = useId();
  const qc = useQueryClient();
  const roles = useQuery({ queryKey: ['roles'], queryFn: listRoles, staleTime: Infinity });
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const toggle = (roleId: string, on: boolean) =>
    setDefaultRoles((cur) => (on ? [...cur, roleId] : cur.filter((r) => r !== roleId)));
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Settings</h2>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      {org.parentId !== null ? (
        <>
          <label htmlFor={`${id}-parent`}>Parent organization</label>
          <select id={`${id}-parent`} value={parentId} onChange={(e) => setParentId(e.target.value)}>
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
        value={coldStorageDays}
        onChange={(e) => setColdStorageDays(e.target.value)}
      />
      <MfaRequirementField org={org} value={mfa} onChange={setMfa} />
      <fieldset className="role-picker">
        <legend>Default roles (for users who receive no mapped roles)</legend>
        {(roles.data ?? [])
          .filter((r) => !r.deprecated || defaultRoles.includes(r.id))
          .map((r) => (
            <label key={r.id} className="check">
              <input
                type="checkbox"
                checked={defaultRoles.includes(r.id)}
                onChange={(e) => toggle(r.id, e.target.checked)}
              />
              {r.name}
            </label>
          ))}
      </fieldset>
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
