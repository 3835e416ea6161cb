import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { getSyncLogActivity, type ChangeType } from '../../api/sync-log';
import { ProblemMessage } from '../../components/problem-message';

// One colour per change type, each at least 3:1 against white (WCAG non-text contrast).
const SERIES: { type: ChangeType; color: string }[] = [
  { type: 'Created', color: '#1a7f37' },
  { type: 'Modified', color: '#0b57d0' },
  { type: 'Blocked', color: '#b35900' },
  { type: 'Deactivated', color: '#b3261e' },
  { type: 'Removed', color: '#6e3fa3' },
  { type: 'Reactivated', color: '#00796b' },
  { type: 'Sync Failure', color: '#5f6368' },
  { type: 'Not in Role Mapping', color: '#8d6e00' },
];

/** Changes per hour or day, stacked by type, above the sync log: a wave of deactivations shows at a glance. */
export function ActivityChart(props: { from?: string; to?: string; providerId?: string }) {
  const activity = useQuery({
    queryKey: ['sync-log-activity', props],
    queryFn: () => getSyncLogActivity(props),
  });
  const { data, present, total } = useMemo(() => {
    const byBucket = new Map<string, Record<string, number | string>>();
    const types = new Set<string>();
    let sum = 0;
    for (const c of activity.data?.counts ?? []) {
      const row = byBucket.get(c.bucket) ?? { bucket: c.bucket };
      row[c.changeType] = c.count;
      byBucket.set(c.bucket, row);
      types.add(c.changeType);
      sum += c.count;
    }
    return { data: [...byBucket.values()], present: SERIES.filter((s) => types.has(s.type)), total: sum };
  }, [activity.data]);
  if (activity.isError) return <ProblemMessage error={activity.error} />;
  if (!activity.data) return <div className="chart-box" aria-busy="true" />;
  const hourly = activity.data.bucket === 'hour';
  const label = (iso: string) => {
    const d = new Date(iso);
    return hourly
      ? d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit' })
      : d.toLocaleDateString();
  };
  return (
    <figure className="chart-box" aria-label={`Sync-log activity per ${activity.data.bucket}`}>
      <figcaption className="muted">
        {total.toLocaleString()} changes per {activity.data.bucket}, {label(activity.data.from)} to{' '}
        {label(activity.data.to)}
      </figcaption>
      {total === 0 ? (
        <p className="muted">No changes in this range.</p>
      ) : (
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={label} minTickGap={24} />
            <YAxis allowDecimals={false} width={48} />
            <Tooltip labelFormatter={(v) => label(String(v))} />
            <Legend />
            {present.map((s) => (
              <Bar key={s.type} dataKey={s.type} stackId="changes" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
