import type { SyncLogEntry, SyncLogSort } from '../../api/sync-log';
import { formatDate } from '../../components/format';
import { SortableHeader } from '../../components/sortable-header';

const COLUMNS: { sort: SyncLogSort; label: string; cell: (e: SyncLogEntry) => string }[] = [
  { sort: 'date', label: 'Date', cell: (e) => formatDate(e.date) },
  { sort: 'provider', label: 'Provider', cell: (e) => e.providerName ?? '—' },
  { sort: 'username', label: 'User impacted', cell: (e) => e.username ?? '—' },
  { sort: 'changeType', label: 'Change type', cell: (e) => e.changeType },
  { sort: 'attribute', label: 'Attribute changed', cell: (e) => e.attribute ?? '' },
  { sort: 'oldValue', label: 'Old value', cell: (e) => e.oldValue ?? '' },
  { sort: 'newValue', label: 'New value', cell: (e) => e.newValue ?? e.detail ?? '' },
];

/** Sync-log rows with sortable column headers (aria-sort says the current order). */
export function SyncLogTable(props: {
  entries: SyncLogEntry[];
  sort: SyncLogSort;
  order: 'asc' | 'desc';
  onSort: (sort: SyncLogSort) => void;
}) {
  return (
    <table>
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <SortableHeader
              key={c.sort}
              label={c.label}
              sort={c.sort}
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
              <td key={c.sort}>{c.cell(e)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
