import { useId, useState } from 'react';

export interface GroupRow {
  groupId: string;
  orgId: string;
}

/**
 * Group → organization mappings in priority order (SPEC C3: a user in several mapped groups goes
 * to the highest). Reordered with Move up / Move down buttons, so the keyboard does it as well as a mouse.
 */
export function GroupPriorities(props: {
  rows: GroupRow[];
  onChange: (rows: GroupRow[]) => void;
  groups: { id: string; displayName: string }[];
  orgs: { id: string; label: string }[];
}) {
  const id = useId();
  const { rows, onChange, groups, orgs } = props;
  const name = (gid: string) => groups.find((g) => g.id === gid)?.displayName ?? `(deleted group ${gid})`;
  const unmapped = groups.filter((g) => !rows.some((r) => r.groupId === g.id));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    if (row) next.splice(i + by, 0, row);
    onChange(next);
  };
  return (
    <div>
      {rows.length ? (
        <ol className="priorities" aria-label="Group mappings in priority order">
          {rows.map((r, i) => (
            <PriorityRow
              key={r.groupId}
              selectId={`${id}-org-${r.groupId}`}
              index={i}
              last={i === rows.length - 1}
              name={name(r.groupId)}
              orgId={r.orgId}
              orgs={orgs}
              onOrgChange={(orgId) => onChange(rows.map((x, j) => (j === i ? { ...x, orgId } : x)))}
              onMove={(by) => move(i, by)}
              onRemove={() => onChange(rows.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      ) : null}
      {groups.length === 0 ? (
        <p className="notice">There are no SCIM groups available. Push groups from the identity provider first.</p>
      ) : unmapped.length === 0 ? (
        <p className="muted">All SCIM groups are mapped.</p>
      ) : (
        <AddGroupMapping
          selectId={`${id}-add`}
          unmapped={unmapped}
          firstOrgId={orgs[0]?.id}
          onAdd={(groupId, orgId) => onChange([...rows, { groupId, orgId }])}
        />
      )}
    </div>
  );
}

/** One mapping: its priority, the organization it maps to, and the move/remove buttons. */
function PriorityRow(props: {
  selectId: string;
  index: number;
  last: boolean;
  name: string;
  orgId: string;
  orgs: { id: string; label: string }[];
  onOrgChange: (orgId: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { selectId, index, name } = props;
  return (
    <li>
      <span className="prio">{index + 1}.</span>
      <span className="grow">{name}</span>
      <label className="sr-only" htmlFor={selectId}>
        Organization for {name}
      </label>
      <select id={selectId} value={props.orgId} onChange={(e) => props.onOrgChange(e.target.value)}>
        {props.orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="secondary small"
        disabled={index === 0}
        onClick={() => props.onMove(-1)}
        aria-label={`Move ${name} up`}
      >
        ↑
      </button>
      <button
        type="button"
        className="secondary small"
        disabled={props.last}
        onClick={() => props.onMove(1)}
        aria-label={`Move ${name} down`}
      >
        ↓
      </button>
      <button type="button" className="secondary small" onClick={props.onRemove} aria-label={`Remove ${name}`}>
        ✕
      </button>
    </li>
  );
}

/** Picks a not yet mapped SCIM group and appends it, mapped to the first organization. */
function AddGroupMapping(props: {
  selectId: string;
  unmapped: { id: string; displayName: string }[];
  firstOrgId: string | undefined;
  onAdd: (groupId: string, orgId: string) => void;
}) {
  const [pick, setPick] = useState('');
  return (
    <div className="inline-form">
      <label htmlFor={props.selectId}>Map another SCIM group</label>
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
          disabled={!pick || !props.firstOrgId}
          onClick={() => {
            props.onAdd(pick, props.firstOrgId ?? '');
            setPick('');
          }}
        >
          Add mapping
        </button>
      </div>
    </div>
  );
}
