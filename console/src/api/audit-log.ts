import { api, ok, type Body } from './client';
import type { paths } from './schema';

/** The columns the API sorts the audit log by (from the generated schema, so a new sort shows here). */
export type AuditSort = NonNullable<NonNullable<paths['/api/v1/audit-log']['get']['parameters']['query']>['sort']>;

export type AuditEntry = Body<'/api/v1/audit-log', 'get'>['entries'][number];
export type AuditPage = Body<'/api/v1/audit-log', 'get'>;

export interface AuditSelection {
  from?: string;
  to?: string;
  username?: string;
  action?: string[];
  targetId?: string;
  sort?: AuditSort;
  order?: 'asc' | 'desc';
}

export function listAuditLog(s: AuditSelection, cursor: string | undefined, limit = 100): Promise<AuditPage> {
  return ok(api.GET('/api/v1/audit-log', { params: { query: { ...s, limit: String(limit), cursor } } }));
}

/** The streamed CSV export of the same selection (a plain link: the browser downloads it with the session cookie). */
export function auditLogCsvUrl(s: AuditSelection): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  return `/api/v1/audit-log.csv?${q.toString()}`;
}
