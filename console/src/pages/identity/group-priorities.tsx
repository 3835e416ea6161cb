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
  const [pick, setPick] = useState('');
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
            <li key={r.groupId}>
              <span className="prio">{i + 1}.</span>
              <span className="grow">{name(r.groupId)}</span>
              <label className="sr-only" htmlFor={`${id}-org-${r.groupId}`}>
                Organization for {name(r.groupId)}
              </label>
              <select
                id={`${id}-org-${r.groupId}`}
                value={r.orgId}
                onChange={(e) => onChange(rows.map((x, j) => (j === i ? { ...x, orgId: e.target.value } : x)))}
              >
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="secondary small"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={`Move ${name(r.groupId)} up`}
              >
                ↑
              </button>
              <button
                type="button"
                className="secondary small"
                disabled={i === rows.length - 1}
                onClick={() => move(i, 1)}
                aria-label={`Move ${name(r.groupId)} down`}
              >
                ↓
              </button>
              <button
                type="button"
                className="secondary small"
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
                aria-label={`Remove ${name(r.groupId)}`}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      {groups.length === 0 ? (
        <p className="notice">There are no SCIM groups available. Push groups from the identity provider first.</p>
      ) : unmapped.length === 0 ? (
        <p className="muted">All SCIM groups are mapped.</p>
      ) : (
        <div className="inline-form">
          <label htmlFor={`${id}-add`}>Map another SCIM group</label>
          <div className="row">
            <select id={`${id}-add`} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose a group…</option>
              {unmapped.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.displayName}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!pick || !orgs[0]}
              onClick={() => {
                onChange([...rows, { groupId: pick, orgId: orgs[0]?.id ?? '' }]);
                setPick('');
              }}
            >
              Add mapping
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
