import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { auditLogCsvUrl, listAuditLog, type AuditEntry } from '../../api/audit-log';
import { ProblemMessage } from '../../components/problem-message';
import { Empty, Loading } from '../../components/states';
import { AuditLogFilters, type AuditFilterState } from './audit-log-filters';
import { useAuditSelection, useAuditSort } from './audit-log-selection';
import { AuditLogTable } from './audit-log-table';

function MoreButton(props: { hasNext: boolean; fetching: boolean; onMore: () => void }) {
  return (
    <div className="actions">
      {props.hasNext ? (
        <button type="button" className="secondary" disabled={props.fetching} onClick={props.onMore}>
          {props.fetching ? 'Loading…' : 'Load more'}
        </button>
      ) : (
        <span className="muted">End of the audit log for this selection.</span>
      )}
    </div>
  );
}

/** The audit log (SPEC C6): every administrative action, filtered and sorted like the sync log, paged, exported. */
export function AuditLogPage() {
  const [filters, setFilters] = useState<AuditFilterState>({ range: null, username: '', action: '', targetId: '' });
  const { sort, order, onSort } = useAuditSort();
  const selection = useAuditSelection(filters, sort, order);
  const log = useInfiniteQuery({
    queryKey: ['audit-log', selection],
    queryFn: ({ pageParam }) => listAuditLog(selection, pageParam, 100),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries: AuditEntry[] = useMemo(() => log.data?.pages.flatMap((p) => p.entries) ?? [], [log.data]);
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
          <AuditLogTable entries={entries} sort={sort} order={order} onSort={onSort} />
          <MoreButton
            hasNext={log.hasNextPage}
            fetching={log.isFetchingNextPage}
            onMore={() => void log.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
