import type { ReactNode } from 'react';
import type { AuditEntry, AuditSort } from '../../api/audit-log';
import { formatDate } from '../../components/format';
import { SortableHeader } from '../../components/sortable-header';

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

/** The table's columns; those with a `sort` are sortable (the API's keyset sorts). */
const COLUMNS: { label: string; sort?: AuditSort; cell: (e: AuditEntry) => ReactNode }[] = [
  { label: 'Date', sort: 'date', cell: (e) => formatDate(e.date) },
  {
    label: 'User',
    sort: 'username',
    cell: (e) => e.actorUsername ?? (e.credential.kind === 'operator' ? 'Operator CLI' : '—'),
  },
  { label: 'Credential', cell: (e) => e.credential.kind },
  { label: 'IP', cell: (e) => e.ip ?? '—' },
  { label: 'Action', sort: 'action', cell: (e) => <code>{e.action}</code> },
  { label: 'Target', sort: 'target', cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—') },
  { label: 'Change', cell: (e) => <Change entry={e} /> },
];

/** Audit entries with sortable column headers (buttons, so keyboard too; aria-sort says the current order). */
export function AuditLogTable(props: {
  entries: AuditEntry[];
  sort: AuditSort;
  order: 'asc' | 'desc';
  onSort: (sort: AuditSort) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            {COLUMNS.map(({ label, sort }) => (
              <SortableHeader
                key={label}
                label={label}
                sort={sort}
                current={props.sort}
                order={props.order}
                onSort={props.onSort}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.id}>
              {COLUMNS.map((c) => (
                <td key={c.label}>{c.cell(e)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
