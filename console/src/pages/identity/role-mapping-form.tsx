import { useId, useState } from 'react';
import type { RoleMapping } from '../../api/mapping';
import type { RoleDefinition } from '../../api/roles';

/** Role mapping (SPEC C3): manual, or SCIM groups → roles; a directory sync's managed roles (SPEC C9). */
export function RoleMappingForm(props: {
  value: RoleMapping;
  onChange: (m: RoleMapping) => void;
  providerType: string;
  roles: RoleDefinition[];
  groups: { id: string; displayName: string }[];
}) {
  const id = useId();
  const { value: m, onChange, roles, groups } = props;
  const [pick, setPick] = useState('');
  const usable = roles.filter((r) => !r.deprecated);
  const roleChecks = (selected: string[], set: (ids: string[]) => void, label: string) => (
    <fieldset className="role-picker">
      <legend>{label}</legend>
      {usable.map((r) => (
        <label key={r.id} className="check">
          <input
            type="checkbox"
            checked={selected.includes(r.id)}
            onChange={(e) => set(e.target.checked ? [...selected, r.id] : selected.filter((x) => x !== r.id))}
          />
          {r.name}
        </label>
      ))}
    </fieldset>
  );
  const second = props.providerType === 'dirsync' ? 'managed' : 'groups';
  return (
    <>
      <fieldset className="plain">
        <legend>Role mapping method</legend>
        <label className="check">
          <input
            type="radio"
            name={`${id}-m`}
            checked={m.method === 'manual'}
            onChange={() => onChange({ method: 'manual' })}
          />
          Manual — roles are managed in Roster
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${id}-m`}
            checked={m.method === second}
            onChange={() =>
              onChange(second === 'managed' ? { method: 'managed', roleIds: [] } : { method: 'groups', groups: [] })
            }
          />
          {second === 'managed'
            ? 'Managed roles — the directory sync tool may change only the selected roles'
            : 'SCIM groups → roles'}
        </label>
      </fieldset>
      {m.method === 'managed'
        ? roleChecks(m.roleIds, (roleIds) => onChange({ ...m, roleIds }), 'Roles the directory sync tool may change')
        : null}
      {m.method === 'groups' ? (
        <>
          {m.groups.map((g, i) => (
            <div key={g.groupId} className="group-roles">
              {roleChecks(
                g.roleIds,
                (roleIds) => onChange({ ...m, groups: m.groups.map((x, j) => (j === i ? { ...x, roleIds } : x)) }),
                `Roles for ${groups.find((x) => x.id === g.groupId)?.displayName ?? g.groupId}`,
              )}
              <button
                type="button"
                className="secondary small"
                onClick={() => onChange({ ...m, groups: m.groups.filter((_, j) => j !== i) })}
              >
                Remove this group
              </button>
            </div>
          ))}
          {groups.length === 0 ? (
            <p className="notice">There are no SCIM groups available. Push groups from the identity provider first.</p>
          ) : groups.every((g) => m.groups.some((x) => x.groupId === g.id)) ? (
            <p className="muted">All SCIM groups are mapped.</p>
          ) : (
            <div className="inline-form">
              <label htmlFor={`${id}-add`}>Map a SCIM group to roles</label>
              <div className="row">
                <select id={`${id}-add`} value={pick} onChange={(e) => setPick(e.target.value)}>
                  <option value="">Choose a group…</option>
                  {groups
                    .filter((g) => !m.groups.some((x) => x.groupId === g.id))
                    .map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.displayName}
                      </option>
                    ))}
                </select>
                <button
                  type="button"
                  disabled={!pick}
                  onClick={() => {
                    onChange({ ...m, groups: [...m.groups, { groupId: pick, roleIds: [] }] });
                    setPick('');
                  }}
                >
                  Add group
                </button>
              </div>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}
