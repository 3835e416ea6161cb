import type { AuditEntry } from '../../api/audit-log';
import { formatDate } from '../../components/format';

const json = (v: unknown): string => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));

function Change({ entry }: { entry: AuditEntry }) {
  const before = json(entry.before);
  const after = json(entry.after);
  if (!before && !after) return null;
  return (
    <details>
      <summary>Before and after</summary>
      {before ? <pre aria-label="Before">{before}</pre> : null}
      {after ? <pre aria-label="After">{after}</pre> : null}
    </details>
  );
}

/** Audit entries by date (the one order the API keeps cursors for; aria-sort says which way). */
export function AuditLogTable(props: { entries: AuditEntry[]; order: 'asc' | 'desc'; onToggleOrder: () => void }) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col" aria-sort={props.order === 'asc' ? 'ascending' : 'descending'}>
              <button type="button" className="sort" onClick={props.onToggleOrder}>
                Date{props.order === 'asc' ? ' ▲' : ' ▼'}
              </button>
            </th>
            <th scope="col">User</th>
            <th scope="col">Credential</th>
            <th scope="col">IP</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.id}>
              <td>{formatDate(e.date)}</td>
              <td>{e.actorUsername ?? (e.credential.kind === 'operator' ? 'Operator CLI' : '—')}</td>
              <td>{e.credential.kind}</td>
              <td>{e.ip ?? '—'}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
              <td>
                <Change entry={e} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
