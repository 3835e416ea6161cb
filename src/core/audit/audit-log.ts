import type { Principal } from '../auth/principal.js';
import { err, ok, type Result } from '../result.js';
import { nonEmpty, oneOf, parseRange, type QueryError, type SortOrder } from '../sync-log/sync-log-query.js';

/**
 * The audit log (SPEC C5 "beyond", C6): every administrative action and sign-in, with who did it
 * (user and credential), from where (IP), what, on what, and the target before and after. Written
 * in the action's own transaction, so an action and its record commit together or not at all.
 */
export interface AuditEntry {
  id: string;
  tenantId: string;
  at: string;
  actorUserId: string | null;
  actorUsername: string | null;
  credentialKind: string;
  credentialId: string | null;
  ip: string | null;
  /** `user.block`, `organization.update`, `api_token.create`, `auth.sign_in`, … */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The target before and after the action, as plain JSON (never a secret or a hash). */
  before: unknown;
  after: unknown;
}

/** A stored entry (its id is the keyset tiebreak). */
export type AuditRecord = AuditEntry;

export interface AuditRepository {
  append(entries: readonly AuditEntry[]): Promise<void>;
}

/** Which audit entries (the sync log's filters where they apply). */
export interface AuditFilter {
  from?: string;
  to?: string;
  /** The acting user's username, case-insensitively, as a prefix or exactly. */
  username?: { value: string; match: 'prefix' | 'exact' };
  actions?: readonly string[];
  targetId?: string;
}

/**
 * The columns the audit log can be sorted by; each sort orders by (column, date, id), so ties are
 * exact across pages. `username` is the acting user's (lower-cased), `target` the target's type then
 * id; entries without one sort as ''.
 */
export const AUDIT_SORTS = ['date', 'username', 'action', 'target'] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];

export interface AuditQuery {
  filter: AuditFilter;
  sort: { by: AuditSort; order: SortOrder };
}

/** Where a page ends: the last entry's sort key (as the database sorted it; '' for date), date and id. */
export interface AuditPosition {
  sort: AuditSort;
  order: SortOrder;
  key: string;
  at: string;
  id: string;
}

/** Keyset reads of the audit log; every read names the tenant. */
export interface AuditReader {
  page(
    tenantId: string,
    query: AuditQuery,
    limit: number,
    after?: AuditPosition,
  ): Promise<{ entries: AuditRecord[]; next: AuditPosition | null }>;
  chunks(tenantId: string, query: AuditQuery, chunkSize: number): AsyncIterable<AuditRecord[]>;
}

export const AUDIT_PAGE = { defaultSize: 50, maxSize: 1000 } as const;

/** Query parameters as they arrive. */
export interface RawAuditQuery {
  from?: string;
  to?: string;
  username?: string;
  usernameMatch?: string;
  action?: string | readonly string[];
  targetId?: string;
  sort?: string;
  order?: string;
  limit?: string;
}

/** Validates a raw query; every refusal names its parameter (the sync log's parsers, shared). */
export function parseAuditQuery(raw: RawAuditQuery): Result<{ query: AuditQuery; limit: number }, QueryError> {
  const range = parseRange(raw);
  if (!range.ok) return range;
  const by = oneOf('sort', raw.sort, AUDIT_SORTS, 'date');
  if (!by.ok) return by;
  const order = oneOf<SortOrder>('order', raw.order, ['asc', 'desc'], 'desc');
  if (!order.ok) return order;
  const match = oneOf('usernameMatch', raw.usernameMatch, ['prefix', 'exact'], 'prefix');
  if (!match.ok) return match;
  const username = nonEmpty('username', raw.username);
  if (!username.ok) return username;
  const targetId = nonEmpty('targetId', raw.targetId);
  if (!targetId.ok) return targetId;
  let limit: number = AUDIT_PAGE.defaultSize;
  if (raw.limit !== undefined) {
    limit = /^\d{1,7}$/.test(raw.limit) ? Number(raw.limit) : Number.NaN;
    if (!(limit >= 1 && limit <= AUDIT_PAGE.maxSize))
      return err({ field: 'limit', reason: `must be an integer from 1 to ${AUDIT_PAGE.maxSize}` });
  }
  const actions =
    raw.action === undefined
      ? undefined
      : (typeof raw.action === 'string' ? [raw.action] : raw.action).flatMap((a) => a.split(',')).map((a) => a.trim());
  if (actions?.some((a) => !/^[a-z_]+(\.[a-z_]+)*$/.test(a)))
    return err({ field: 'action', reason: 'actions are dotted lower-case names such as user.block' });
  const filter: AuditFilter = {
    ...range.value,
    ...(username.value !== undefined ? { username: { value: username.value, match: match.value } } : {}),
    ...(actions ? { actions } : {}),
    ...(targetId.value !== undefined ? { targetId: targetId.value } : {}),
  };
  return ok({ query: { filter, sort: { by: by.value, order: order.value } }, limit });
}

/** What an administrative action did, as the audit log records it. */
export interface AuditAction {
  action: string;
  targetType: string | null;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

/** The entry for an action by `actor` at `at` (the caller appends it in the action's transaction). */
export function auditEntry(id: string, actor: Principal, at: string, a: AuditAction): AuditEntry {
  return {
    id,
    tenantId: actor.tenantId,
    at,
    actorUserId: actor.userId,
    actorUsername: actor.userName,
    credentialKind: actor.credential.kind,
    credentialId: actor.credential.id,
    ip: actor.ip,
    action: a.action,
    targetType: a.targetType,
    targetId: a.targetId,
    before: a.before ?? null,
    after: a.after ?? null,
  };
}
