import { useMemo, useState } from 'react';
import type { AuditSelection, AuditSort } from '../../api/audit-log';
import { rangeToInterval } from '../../components/date-range-field';
import { useDebounced } from '../../components/use-debounced';
import type { AuditFilterState } from './audit-log-filters';

const actionList = (text: string): string[] | undefined => {
  const list = text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
};

/** The sort: a new column starts ascending (the date, newest first); the same column again flips it. */
export function useAuditSort() {
  const [sort, setSort] = useState<AuditSort>('date');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const onSort = (s: AuditSort) => {
    if (s === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(s);
      setOrder(s === 'date' ? 'desc' : 'asc');
    }
  };
  return { sort, order, onSort };
}

/** The selection the API is asked for: typed filters settle (debounced) before they query. */
export function useAuditSelection(filters: AuditFilterState, sort: AuditSort, order: 'asc' | 'desc'): AuditSelection {
  const settled = useDebounced(`${filters.username.trim()}\n${filters.action}\n${filters.targetId.trim()}`);
  return useMemo(() => {
    const [u = '', a = '', t = ''] = settled.split('\n');
    return {
      ...rangeToInterval(filters.range),
      username: u || undefined,
      action: actionList(a),
      targetId: t || undefined,
      sort,
      order,
    };
  }, [filters.range, settled, sort, order]);
}
