import { useId, useState } from 'react';
import type { RoleMapping } from '../../api/mapping';
import type { RoleDefinition } from '../../api/roles';

type GroupsRoleMapping = Extract<RoleMapping, { method: 'groups' }>;

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
  const usable = roles.filter((r) => !r.deprecated);
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
      {m.method === 'managed' ? (
        <RoleChecks
          roles={usable}
          selected={m.roleIds}
          onChange={(roleIds) => onChange({ ...m, roleIds })}
          label="Roles the directory sync tool may change"
        />
      ) : null}
      {m.method === 'groups' ? (
        <GroupRoleMappings value={m} onChange={onChange} roles={usable} groups={groups} addId={`${id}-add`} />
      ) : null}
    </>
  );
}

/** A checkbox per role, in a fieldset named by `label`. */
function RoleChecks(props: {
  roles: RoleDefinition[];
  selected: string[];
  onChange: (ids: string[]) => void;
  label: string;
}) {
  const { selected, onChange } = props;
  return (
    <fieldset className="role-picker">
      <legend>{props.label}</legend>
      {props.roles.map((r) => (
        <label key={r.id} className="check">
          <input
            type="checkbox"
            checked={selected.includes(r.id)}
            onChange={(e) => onChange(e.target.checked ? [...selected, r.id] : selected.filter((x) => x !== r.id))}
          />
          {r.name}
        </label>
      ))}
    </fieldset>
  );
}

/** SCIM groups → roles: the roles of each mapped group, and a picker that maps one more group. */
function GroupRoleMappings(props: {
  value: GroupsRoleMapping;
  onChange: (m: RoleMapping) => void;
  roles: RoleDefinition[];
  groups: { id: string; displayName: string }[];
  addId: string;
}) {
  const { value: m, onChange, groups } = props;
  const unmapped = groups.filter((g) => !m.groups.some((x) => x.groupId === g.id));
  return (
    <>
      {m.groups.map((g, i) => (
        <div key={g.groupId} className="group-roles">
          <RoleChecks
            roles={props.roles}
            selected={g.roleIds}
            onChange={(roleIds) =>
              onChange({ ...m, groups: m.groups.map((x, j) => (j === i ? { ...x, roleIds } : x)) })
            }
            label={`Roles for ${groups.find((x) => x.id === g.groupId)?.displayName ?? g.groupId}`}
          />
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
      ) : unmapped.length === 0 ? (
        <p className="muted">All SCIM groups are mapped.</p>
      ) : (
        <AddRoleGroup
          selectId={props.addId}
          unmapped={unmapped}
          onAdd={(groupId) => onChange({ ...m, groups: [...m.groups, { groupId, roleIds: [] }] })}
        />
      )}
    </>
  );
}

/** Picks a not yet mapped SCIM group and adds it with no roles. */
function AddRoleGroup(props: {
  selectId: string;
  unmapped: { id: string; displayName: string }[];
  onAdd: (groupId: string) => void;
}) {
  const [pick, setPick] = useState('');
  return (
    <div className="inline-form">
      <label htmlFor={props.selectId}>Map a SCIM group to roles</label>
      <div className="row">
        <select id={props.selectId} value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">Choose a group…</option>
          {props.unmapped.map((g) => (
            <option key={g.id} value={g.id}>
              {g.displayName}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!pick}
          onClick={() => {
            props.onAdd(pick);
            setPick('');
          }}
        >
          Add group
        </button>
      </div>
    </div>
  );
}
