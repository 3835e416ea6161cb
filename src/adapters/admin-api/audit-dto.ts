import { Type, type Static } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import { AUDIT_SORTS, type AuditPosition, type AuditRecord, type AuditSort } from '../../core/audit/audit-log.js';
import { err, ok, type Result } from '../../core/result.js';
import { neutraliseFormula } from './sync-log-dto.js';

/** Wire types of the audit log (SPEC C6) and their explicit mappers (STYLE habit 5). */

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AuditEntryDto = Type.Object({
  id: Type.String(),
  date: Type.String({ description: 'When the action happened, ISO-8601 UTC' }),
  actorUserId: Nullable(Type.String({ description: 'Null for the operator CLI' })),
  actorUsername: Nullable(Type.String()),
  credential: Type.Object({
    kind: Type.String({ description: 'api_token, session, password_link or operator' }),
    id: Nullable(Type.String()),
  }),
  ip: Nullable(Type.String()),
  action: Type.String({ description: 'e.g. user.deactivate, organization.update, api_token.create' }),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  before: Type.Unknown({ description: 'The target before the action (JSON), or null' }),
  after: Type.Unknown({ description: 'The target after the action (JSON), or null' }),
});
export type AuditEntryDto = Static<typeof AuditEntryDto>;

export const AuditPageDto = Type.Object({
  entries: Type.Array(AuditEntryDto),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` with the same query for the next page; null on the last page',
  }),
});

export function toAuditEntryDto(e: AuditRecord): AuditEntryDto {
  return {
    id: e.id,
    date: e.at,
    actorUserId: e.actorUserId,
    actorUsername: e.actorUsername,
    credential: { kind: e.credentialKind, id: e.credentialId },
    ip: e.ip,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
  };
}

const CSV_HEADER = ['Date', 'Username', 'Credential', 'IP', 'Action', 'Target type', 'Target', 'Before', 'After'];

const jsonCell = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** One chunk of the export as CSV text, the header first when `header` (as the sync log's export). */
export function toAuditCsvText(entries: readonly AuditRecord[], header: boolean): string {
  const rows = entries.map((e) =>
    [
      e.at,
      e.actorUsername,
      e.credentialKind,
      e.ip,
      e.action,
      e.targetType,
      e.targetId,
      jsonCell(e.before),
      jsonCell(e.after),
    ].map(neutraliseFormula),
  );
  return stringify(rows, header ? { header: true, columns: CSV_HEADER } : {});
}

const CURSOR_VERSION = 2;

/** Opaque cursors: base64url of [version, sort, order, key, date, id]. */
export function encodeAuditCursor(p: AuditPosition): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, p.sort, p.order, p.key, p.at, p.id]), 'utf8').toString(
    'base64url',
  );
}

const isText = (v: unknown): v is string => typeof v === 'string' && !v.includes('\u0000');

export function decodeAuditCursor(text: string): Result<AuditPosition, string> {
  const bad = err('not a cursor returned by this API');
  if (text.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(text)) return bad;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return bad;
  }
  if (!Array.isArray(v) || v.length !== 6) return bad;
  const [version, sort, order, key, at, id] = v as unknown[];
  if (version !== CURSOR_VERSION || (order !== 'asc' && order !== 'desc')) return bad;
  if (!AUDIT_SORTS.some((s) => s === sort)) return bad;
  if (!isText(key) || !isText(at) || !isText(id)) return bad;
  return ok({ sort: sort as AuditSort, order, key, at, id });
}
