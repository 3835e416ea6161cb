import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { listProviders } from '../../api/providers';
import {
  CHANGE_TYPES,
  listSyncLog,
  syncLogCsvUrl,
  type ChangeType,
  type SyncLogSelection,
  type SyncLogSort,
} from '../../api/sync-log';
import { DateRangeField, rangeToInterval, type DateRange } from '../../components/date-range-field';
import { ProblemMessage } from '../../components/problem-message';
import { ProviderSelect } from '../../components/provider-select';
import { Empty, Loading } from '../../components/states';
import { useDebounced } from '../../components/use-debounced';
import { IdentityTabs } from '../identity/identity-tabs';
import { SyncLogTable } from './sync-log-table';

// The chart library is the largest part of this screen: the table does not wait for it.
const ActivityChart = lazy(() => import('./activity-chart').then((m) => ({ default: m.ActivityChart })));

/** The sort column and direction; a new column starts descending for dates, ascending otherwise. */
function useSyncLogSort() {
  const [sort, setSort] = useState<SyncLogSort>('date');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const onSort = (s: SyncLogSort) => {
    if (s === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(s);
      setOrder(s === 'date' ? 'desc' : 'asc');
    }
  };
  return { sort, order, onSort };
}

/** The selected sync log, 100 entries a page, paged by cursor. */
function useSyncLogQuery(selection: SyncLogSelection) {
  const log = useInfiniteQuery({
    queryKey: ['sync-log', selection],
    queryFn: ({ pageParam }) => listSyncLog(selection, pageParam, 100),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.entries) ?? [], [log.data]);
  return { log, entries };
}

/** Settings › Identity management › Sync Log (SPEC C5): filter, sort any column, page by cursor, export CSV. */
export function SyncLogPage() {
  const [range, setRange] = useState<DateRange | null>(null);
  const [providerId, setProviderId] = useState('');
  const [username, setUsername] = useState('');
  const [changeType, setChangeType] = useState<'' | ChangeType>('');
  const { sort, order, onSort } = useSyncLogSort();
  const settledUser = useDebounced(username.trim());
  const selection: SyncLogSelection = useMemo(
    () => ({
      ...rangeToInterval(range),
      providerId: providerId || undefined,
      username: settledUser || undefined,
      changeType: changeType ? [changeType] : undefined,
      sort,
      order,
    }),
    [range, providerId, settledUser, changeType, sort, order],
  );
  const providers = useQuery({ queryKey: ['providers'], queryFn: listProviders });
  const { log, entries } = useSyncLogQuery(selection);
  return (
    <>
      <h1>Identity management</h1>
      <IdentityTabs />
      <SyncLogFilters
        range={range}
        setRange={setRange}
        providerId={providerId}
        setProviderId={setProviderId}
        username={username}
        setUsername={setUsername}
        changeType={changeType}
        setChangeType={setChangeType}
        csvUrl={syncLogCsvUrl(selection)}
      />
      <Suspense fallback={<div className="chart-box" aria-busy="true" />}>
        <ActivityChart {...rangeToInterval(range)} providerId={providerId || undefined} />
      </Suspense>
      <ProblemMessage error={log.error ?? providers.error} />
      {log.isPending ? (
        <Loading label="Loading the sync log…" />
      ) : entries.length === 0 && !log.isError ? (
        <Empty title="No sync-log entries match">
          <p className="muted">Providers' changes appear here as they happen.</p>
        </Empty>
      ) : (
        <>
          <SyncLogTable entries={entries} sort={sort} order={order} onSort={onSort} />
          <LoadMore log={log} />
        </>
      )}
    </>
  );
}

/** The filter bar: dates, provider, user impacted, change type, and the CSV export of the same selection. */
function SyncLogFilters(props: {
  range: DateRange | null;
  setRange: (r: DateRange | null) => void;
  providerId: string;
  setProviderId: (id: string) => void;
  username: string;
  setUsername: (u: string) => void;
  changeType: '' | ChangeType;
  setChangeType: (c: '' | ChangeType) => void;
  csvUrl: string;
}) {
  const id = useId();
  return (
    <form className="filters" role="search" aria-label="Filter the sync log" onSubmit={(e) => e.preventDefault()}>
      <div className="date-filter">
        <DateRangeField label="Dates" value={props.range} onChange={props.setRange} />
      </div>
      <div>
        <ProviderSelect value={props.providerId} onChange={props.setProviderId} anyLabel="All providers" />
      </div>
      <div>
        <label htmlFor={`${id}-u`}>User impacted</label>
        <input
          id={`${id}-u`}
          type="search"
          value={props.username}
          onChange={(e) => props.setUsername(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor={`${id}-c`}>Change type</label>
        <select
          id={`${id}-c`}
          value={props.changeType}
          onChange={(e) => props.setChangeType(e.target.value as '' | ChangeType)}
        >
          <option value="">All changes</option>
          {CHANGE_TYPES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="export">
        <a className="button secondary" href={props.csvUrl} download="sync-log.csv">
          Export CSV
        </a>
      </div>
    </form>
  );
}

/** Loads the next page, or says that the selection has no more. */
function LoadMore({ log }: { log: ReturnType<typeof useSyncLogQuery>['log'] }) {
  return (
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
        <span className="muted">End of the log for this selection.</span>
      )}
    </div>
  );
}
