import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { auditLogCsvUrl, listAuditLog, type AuditSelection } from '../../api/audit-log';
import { rangeToInterval } from '../../components/date-range-field';
import { ProblemMessage } from '../../components/problem-message';
import { Empty, Loading } from '../../components/states';
import { useDebounced } from '../../components/use-debounced';
import { AuditLogFilters, type AuditFilterState } from './audit-log-filters';
import { AuditLogTable } from './audit-log-table';

const actionList = (text: string): string[] | undefined => {
  const list = text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
};

/** The selection the API is asked for: typed filters settle (debounced) before they query. */
function useSelection(filters: AuditFilterState, order: 'asc' | 'desc'): AuditSelection {
  const settled = useDebounced(`${filters.username.trim()}\n${filters.action}\n${filters.targetId.trim()}`);
  return useMemo(() => {
    const [u = '', a = '', t = ''] = settled.split('\n');
    return {
      ...rangeToInterval(filters.range),
      username: u || undefined,
      action: actionList(a),
      targetId: t || undefined,
      order,
    };
  }, [filters.range, settled, order]);
}

/** The audit log (SPEC C6): every administrative action, filtered like the sync log, paged by cursor, exported. */
export function AuditLogPage() {
  const [filters, setFilters] = useState<AuditFilterState>({ range: null, username: '', action: '', targetId: '' });
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const selection = useSelection(filters, order);
  const log = useInfiniteQuery({
    queryKey: ['audit-log', selection],
    queryFn: ({ pageParam }) => listAuditLog(selection, pageParam, 100),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.entries) ?? [], [log.data]);
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every administrative action and sign-in: who, with which credential, from where, on what.</p>
      <AuditLogFilters value={filters} onChange={setFilters} csvUrl={auditLogCsvUrl(selection)} />
      <ProblemMessage error={log.error} />
      {log.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : entries.length === 0 ? (
        log.isError ? null : (
          <Empty title="No audit entries match">
            <p className="muted">Administrative actions appear here as they happen.</p>
          </Empty>
        )
      ) : (
        <>
          <AuditLogTable
            entries={entries}
            order={order}
            onToggleOrder={() => setOrder(order === 'asc' ? 'desc' : 'asc')}
          />
          <div className="actions">
            {log.hasNextPage ? (
              <button
                type="button"
                className="secondary"
                disabled={log.isFetchingNextPage}
                onClick={() => void log.fetchNextPage()}
              >
                {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : (
              <span className="muted">End of the audit log for this selection.</span>
            )}
          </div>
        </>
      )}
    </>
  );
}
