import { Link } from '@tanstack/react-router';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { UserSummary } from '../../api/users';

const col = createColumnHelper<UserSummary>();

const fullName = (u: UserSummary) => [u.givenName, u.familyName].filter(Boolean).join(' ') || u.displayName || '';

/** The table's columns: username (linked to the user's page), name, organization, provider, status. */
function userColumns(orgName: (id: string) => string, providerName: (id: string | null) => string) {
  return [
    col.accessor('userName', {
      header: 'Username',
      cell: (c) => (
        <Link to="/users/$userId" params={{ userId: c.row.original.id }}>
          {c.getValue()}
        </Link>
      ),
    }),
    col.display({ id: 'name', header: 'Name', cell: (c) => fullName(c.row.original) }),
    col.accessor('orgId', { header: 'Organization', cell: (c) => orgName(c.getValue()) }),
    col.accessor('providerId', { header: 'Provider', cell: (c) => providerName(c.getValue()) }),
    col.accessor('status', {
      header: 'Status',
      cell: (c) => <span className={`status ${c.getValue()}`}>{c.getValue()}</span>,
    }),
  ];
}

/** Virtualises `count` rows in the scroller, and asks for the next page as the reader nears the end. */
function useVirtualRows(count: number, more: { hasMore: boolean; loadMore: () => void; loadingMore: boolean }) {
  const { hasMore, loadMore, loadingMore } = more;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => 37,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  // Fetch the next cursor page as the reader nears the end of what is loaded.
  useEffect(() => {
    if (last && last.index >= count - 20 && hasMore && !loadingMore) loadMore();
  }, [last, count, hasMore, loadingMore, loadMore]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (last?.end ?? 0);
  return { scroller, items, padTop, padBottom };
}

/** The users of the search, virtualised: only visible rows are in the DOM, however many pages are loaded. */
export function UserTable(props: {
  users: UserSummary[];
  orgName: (id: string) => string;
  providerName: (id: string | null) => string;
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
}) {
  const columns = userColumns(props.orgName, props.providerName);
  const table = useReactTable({ data: props.users, columns, getCoreRowModel: getCoreRowModel() });
  const rows = table.getRowModel().rows;
  const { scroller, items, padTop, padBottom } = useVirtualRows(rows.length, props);
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
          <Spacer height={padTop} columns={columns.length} />
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
          <Spacer height={padBottom} columns={columns.length} />
        </tbody>
      </table>
    </div>
  );
}

/** An empty row standing in for the rows scrolled out of the DOM, hidden from assistive technology. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return height > 0 ? (
    <tr aria-hidden="true">
      <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
    </tr>
  ) : null;
}
