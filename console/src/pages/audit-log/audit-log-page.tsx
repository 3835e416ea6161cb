import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { auditLogCsvUrl, listAuditLog, type AuditSelection } from '../../api/audit-log';
import { DateRangeField, rangeToInterval, type DateRange } from '../../components/date-range-field';
import { ProblemMessage } from '../../components/problem-message';
import { Empty, Loading } from '../../components/states';
import { useDebounced } from '../../components/use-debounced';
import { AuditLogTable } from './audit-log-table';

const actionList = (text: string): string[] | undefined => {
  const list = text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
};

/** The audit log (SPEC C6): every administrative action, filtered like the sync log, paged by cursor, exported. */
export function AuditLogPage() {
  const id = useId();
  const [range, setRange] = useState<DateRange | null>(null);
  const [username, setUsername] = useState('');
  const [action, setAction] = useState('');
  const [targetId, setTargetId] = useState('');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const settled = useDebounced(`${username.trim()}\n${action}\n${targetId.trim()}`);
  const selection: AuditSelection = useMemo(() => {
    const [u = '', a = '', t = ''] = settled.split('\n');
    return {
      ...rangeToInterval(range),
      username: u || undefined,
      action: actionList(a),
      targetId: t || undefined,
      order,
    };
  }, [range, settled, order]);
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
      <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <div className="date-filter">
          <DateRangeField label="Dates" value={range} onChange={setRange} />
        </div>
        <div>
          <label htmlFor={`${id}-u`}>User</label>
          <input id={`${id}-u`} type="search" value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`${id}-a`}>Actions</label>
          <input
            id={`${id}-a`}
            type="search"
            placeholder="user.block, api_token.create"
            value={action}
            onChange={(e) => setAction(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-t`}>Target id</label>
          <input id={`${id}-t`} type="search" value={targetId} onChange={(e) => setTargetId(e.target.value)} />
        </div>
        <div className="export">
          <a className="button secondary" href={auditLogCsvUrl(selection)} download="audit-log.csv">
            Export CSV
          </a>
        </div>
      </form>
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
