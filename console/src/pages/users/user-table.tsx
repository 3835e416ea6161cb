import { Link } from '@tanstack/react-router';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { UserSummary } from '../../api/users';

const col = createColumnHelper<UserSummary>();

const fullName = (u: UserSummary) => [u.givenName, u.familyName].filter(Boolean).join(' ') || u.displayName || '';

/** The users of the search, virtualised: only visible rows are in the DOM, however many pages are loaded. */
export function UserTable(props: {
  users: UserSummary[];
  orgName: (id: string) => string;
  providerName: (id: string | null) => string;
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
}) {
  const { users, hasMore, loadMore, loadingMore } = props;
  const columns = [
    col.accessor('userName', {
      header: 'Username',
      cell: (c) => (
        <Link to="/users/$userId" params={{ userId: c.row.original.id }}>
          {c.getValue()}
        </Link>
      ),
    }),
    col.display({ id: 'name', header: 'Name', cell: (c) => fullName(c.row.original) }),
    col.accessor('orgId', { header: 'Organization', cell: (c) => props.orgName(c.getValue()) }),
    col.accessor('providerId', { header: 'Provider', cell: (c) => props.providerName(c.getValue()) }),
    col.accessor('status', {
      header: 'Status',
      cell: (c) => <span className={`status ${c.getValue()}`}>{c.getValue()}</span>,
    }),
  ];
  const table = useReactTable({ data: users, columns, getCoreRowModel: getCoreRowModel() });
  const scroller = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 37,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  // Fetch the next cursor page as the reader nears the end of what is loaded.
  useEffect(() => {
    if (last && last.index >= rows.length - 20 && hasMore && !loadingMore) loadMore();
  }, [last, rows.length, hasMore, loadingMore, loadMore]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (last?.end ?? 0);
  return (
    <div ref={scroller} className="table-scroll" tabIndex={0} aria-label="Users">
      <table aria-rowcount={rows.length + 1}>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <th key={h.id} scope="col">
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={columns.length} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          ) : null}
          {items.map((vi) => {
            const row = rows[vi.index];
            if (!row) return null;
            return (
              <tr key={row.id} aria-rowindex={vi.index + 2}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={columns.length} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
