import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CHANGE_TYPES } from '../../core/sync-log/sync-log.js';
import { DomainError } from '../../core/errors.js';
import {
  parseSyncLogQuery,
  SYNC_LOG_PAGE,
  SYNC_LOG_SORTS,
  type RawSyncLogQuery,
  type SyncLogQuery,
} from '../../core/sync-log/sync-log-query.js';
import type { SyncLogService } from '../../core/sync-log/sync-log-service.js';
import { principalOf } from '../../http/authentication.js';
import { csvStream } from './csv-stream.js';
import { guarded } from './route-spec.js';
import { decodeCursor, encodeCursor, SyncLogPageDto, toCsvText, toSyncLogEntryDto } from './sync-log-dto.js';

export interface SyncLogRouteDeps {
  syncLog: SyncLogService;
}

/** The selection, shared by the JSON listing and the CSV export (all strings: the core parser validates). */
const Selection = {
  from: Type.Optional(Type.String({ description: 'Inclusive start, ISO-8601 date or date-time with zone' })),
  to: Type.Optional(Type.String({ description: 'Exclusive end, ISO-8601 date or date-time with zone' })),
  providerId: Type.Optional(Type.String()),
  username: Type.Optional(
    Type.String({
      description: 'User impacted; matched case-insensitively (Unicode), as a prefix unless usernameMatch=exact',
    }),
  ),
  usernameMatch: Type.Optional(Type.String({ enum: ['prefix', 'exact'] })),
  changeType: Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.String())], {
      description: 'One or several change types, repeated or comma-separated',
    }),
  ),
  attribute: Type.Optional(Type.String()),
  sort: Type.Optional(
    Type.String({
      enum: [...SYNC_LOG_SORTS],
      description:
        "Column; ties are ordered by date, then id. provider sorts by the provider's " +
        'current name (case-insensitive; entries without one first ascending), then its id',
    }),
  ),
  order: Type.Optional(Type.String({ enum: ['asc', 'desc'] })),
};
const ListQuery = Type.Object(
  {
    ...Selection,
    limit: Type.Optional(
      Type.String({
        pattern: '^[0-9]+$',
        description: `Page size, 1 to ${SYNC_LOG_PAGE.maxSize} (default ${SYNC_LOG_PAGE.defaultSize})`,
      }),
    ),
    cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(Selection, { additionalProperties: false });

const ActivityQueryDto = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'Inclusive start (default: 7 days before to)' })),
    to: Type.Optional(Type.String({ description: 'Exclusive end (default: now)' })),
    providerId: Type.Optional(Type.String()),
    bucket: Type.Optional(
      Type.String({ enum: ['hour', 'day'], description: 'Default: hour up to 3 days, else day (UTC)' }),
    ),
  },
  { additionalProperties: false },
);
const ActivityDto = Type.Object({
  from: Type.String(),
  to: Type.String(),
  bucket: Type.String({ enum: ['hour', 'day'] }),
  counts: Type.Array(
    Type.Object({
      bucket: Type.String({ description: 'Start of the UTC hour or day' }),
      changeType: Type.String({ enum: [...CHANGE_TYPES] }),
      count: Type.Integer(),
    }),
    { description: 'Only buckets and change types with at least one entry' },
  ),
});

function parseOrThrow(raw: RawSyncLogQuery): { query: SyncLogQuery; limit: number } {
  const parsed = parseSyncLogQuery(raw);
  if (!parsed.ok) throw new DomainError('input.invalid', { ...parsed.error });
  return parsed.value;
}

/** The sync log (SPEC C5): a keyset-paged JSON listing and a streamed CSV export of the same selection. */
export function syncLogRoutes(app: FastifyInstance, deps: SyncLogRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { syncLog } = deps;
  const IM = 'identity_management.manage';

  api.get('/sync-log', guarded(IM, { querystring: ListQuery, response: { 200: SyncLogPageDto } }), async (req) => {
    const p = principalOf(req);
    const { cursor, ...raw } = req.query;
    const { query, limit } = parseOrThrow(raw);
    let after;
    if (cursor !== undefined) {
      const decoded = decodeCursor(cursor);
      if (!decoded.ok) throw new DomainError('input.invalid', { field: 'cursor', reason: decoded.error });
      after = decoded.value;
    }
    const page = await syncLog.page(p, query, limit, after);
    return { entries: page.entries.map(toSyncLogEntryDto), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  api.get(
    '/sync-log/activity',
    guarded(IM, { querystring: ActivityQueryDto, response: { 200: ActivityDto } }),
    async (req) => syncLog.activity(principalOf(req), req.query),
  );

  api.get('/sync-log.csv', guarded(IM, { querystring: ExportQuery }), async (req, reply) => {
    const { query } = parseOrThrow(req.query);
    const chunks = syncLog.export(principalOf(req), query);
    // The first chunk is read before the headers go out, so a failing query still answers problem+json.
    const first = await chunks.next();
    const csv = csvStream(toCsvText(first.done ? [] : first.value, true), chunks, toCsvText, req.log);
    return reply
      .header('Content-Disposition', 'attachment; filename="sync-log.csv"')
      .header('Cache-Control', 'no-store')
      .type('text/csv; charset=utf-8')
      .send(csv);
  });
}
