import { err, ok, type Result } from '../result.js';
import type { ChangeType } from './sync-log.js';

/** SPEC C5 (beyond): how many changes of each type per hour or day, so a wave of deactivations shows at a glance. */
export type ActivityBucket = 'hour' | 'day';

export interface ActivityQuery {
  /** Inclusive start and exclusive end, ISO-8601 UTC. */
  from: string;
  to: string;
  providerId?: string;
  bucket: ActivityBucket;
}

export interface ActivityCount {
  /** Start of the UTC hour or day, ISO-8601. */
  bucket: string;
  changeType: ChangeType;
  count: number;
}

/** A chart needs at most this many buckets; longer ranges take days, and a range of days is capped. */
export const ACTIVITY_LIMITS = { maxHours: 24 * 14, maxDays: 400, defaultDays: 7 } as const;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function instant(raw: string | undefined, field: string): Result<Date | undefined, { field: string; reason: string }> {
  if (raw === undefined) return ok(undefined);
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime()))
    return err({ field, reason: `"${raw}" is not an ISO-8601 date or date-time` });
  return ok(d);
}

/**
 * Validates an activity query. The range defaults to the 7 days up to the end of the current UTC
 * hour (so changes made this very moment are counted), the bucket to hours for up to 3 days.
 */
export function parseActivityQuery(
  raw: { from?: string; to?: string; providerId?: string; bucket?: string },
  now: Date,
): Result<ActivityQuery, { field: string; reason: string }> {
  const to = instant(raw.to, 'to');
  if (!to.ok) return to;
  const end = to.value ?? new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
  const from = instant(raw.from, 'from');
  if (!from.ok) return from;
  const start = from.value ?? new Date(end.getTime() - ACTIVITY_LIMITS.defaultDays * DAY);
  const span = end.getTime() - start.getTime();
  if (span <= 0) return err({ field: 'to', reason: 'must be after from' });
  if (raw.bucket !== undefined && raw.bucket !== 'hour' && raw.bucket !== 'day')
    return err({ field: 'bucket', reason: 'must be hour or day' });
  const bucket: ActivityBucket = (raw.bucket as ActivityBucket | undefined) ?? (span <= 3 * DAY ? 'hour' : 'day');
  if (bucket === 'hour' && span > ACTIVITY_LIMITS.maxHours * HOUR)
    return err({ field: 'bucket', reason: `hours cover at most ${ACTIVITY_LIMITS.maxHours / 24} days; use day` });
  if (span > ACTIVITY_LIMITS.maxDays * DAY)
    return err({ field: 'from', reason: `the range spans at most ${ACTIVITY_LIMITS.maxDays} days` });
  return ok({
    from: start.toISOString(),
    to: end.toISOString(),
    bucket,
    ...(raw.providerId ? { providerId: raw.providerId } : {}),
  });
}

/** The bucket an ISO-8601 UTC timestamp falls in, as its start. */
export function bucketStart(prefix: string, bucket: ActivityBucket): string {
  return bucket === 'hour' ? `${prefix}:00:00.000Z` : `${prefix}T00:00:00.000Z`;
}
