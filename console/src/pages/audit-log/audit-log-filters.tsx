import { useId } from 'react';
import { DateRangeField, type DateRange } from '../../components/date-range-field';

export interface AuditFilterState {
  range: DateRange | null;
  username: string;
  action: string;
  targetId: string;
}

/** The audit log's filters (the sync log's, where they apply) and the export of the same selection. */
export function AuditLogFilters(props: {
  value: AuditFilterState;
  onChange: (v: AuditFilterState) => void;
  csvUrl: string;
}) {
  const id = useId();
  const v = props.value;
  const set = (change: Partial<AuditFilterState>) => props.onChange({ ...v, ...change });
  return (
    <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
      <div className="date-filter">
        <DateRangeField label="Dates" value={v.range} onChange={(range) => set({ range })} />
      </div>
      <div>
        <label htmlFor={`${id}-u`}>User</label>
        <input id={`${id}-u`} type="search" value={v.username} onChange={(e) => set({ username: e.target.value })} />
      </div>
      <div>
        <label htmlFor={`${id}-a`}>Actions</label>
        <input
          id={`${id}-a`}
          type="search"
          placeholder="user.block, api_token.create"
          value={v.action}
          onChange={(e) => set({ action: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor={`${id}-t`}>Target id</label>
        <input id={`${id}-t`} type="search" value={v.targetId} onChange={(e) => set({ targetId: e.target.value })} />
      </div>
      <div className="export">
        <a className="button secondary" href={props.csvUrl} download="audit-log.csv">
          Export CSV
        </a>
      </div>
    </form>
  );
}
