import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AUDIT_PAGE, AUDIT_SORTS, parseAuditQuery, type RawAuditQuery } from '../../core/audit/audit-log.js';
import type { AuditService } from '../../core/audit/audit-service.js';
import { DomainError } from '../../core/errors.js';
import { principalOf } from '../../http/authentication.js';
import { AuditPageDto, decodeAuditCursor, encodeAuditCursor, toAuditCsvText, toAuditEntryDto } from './audit-dto.js';
import { csvStream } from './csv-stream.js';
import { guarded } from './route-spec.js';

const Selection = {
  from: Type.Optional(Type.String({ description: 'Inclusive start, ISO-8601 date or date-time with zone' })),
  to: Type.Optional(Type.String({ description: 'Exclusive end, ISO-8601 date or date-time with zone' })),
  username: Type.Optional(
    Type.String({ description: 'Acting user; case-insensitive, a prefix unless usernameMatch=exact' }),
  ),
  usernameMatch: Type.Optional(Type.String({ enum: ['prefix', 'exact'] })),
  action: Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.String())], {
      description: 'One or several actions, repeated or comma-separated (user.block, organization.update, …)',
    }),
  ),
  targetId: Type.Optional(Type.String()),
  sort: Type.Optional(
    Type.String({
      enum: [...AUDIT_SORTS],
      description:
        "Column (default date); ties are ordered by date, then id. username is the acting user's " +
        '(case-insensitive), target the target type then id; entries without one sort as empty',
    }),
  ),
  order: Type.Optional(Type.String({ enum: ['asc', 'desc'], description: 'Default desc' })),
};
const ListQuery = Type.Object(
  {
    ...Selection,
    limit: Type.Optional(
      Type.String({
        pattern: '^[0-9]+$',
        description: `Page size, 1 to ${AUDIT_PAGE.maxSize} (default ${AUDIT_PAGE.defaultSize})`,
      }),
    ),
    cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

function parseOrThrow(raw: RawAuditQuery) {
  const parsed = parseAuditQuery(raw);
  if (!parsed.ok) throw new DomainError('input.invalid', { ...parsed.error });
  return parsed.value;
}

/** The audit log (SPEC C6): listed and exported like the sync log (same filters, cursors, streamed CSV). */
export function auditRoutes(app: FastifyInstance, deps: { audit: AuditService }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { audit } = deps;
  const IM = 'identity_management.manage';

  api.get('/audit-log', guarded(IM, { querystring: ListQuery, response: { 200: AuditPageDto } }), async (req) => {
    const { cursor, ...raw } = req.query;
    const { query, limit } = parseOrThrow(raw);
    let after;
    if (cursor !== undefined) {
      const decoded = decodeAuditCursor(cursor);
      if (!decoded.ok) throw new DomainError('input.invalid', { field: 'cursor', reason: decoded.error });
      after = decoded.value;
    }
    const page = await audit.page(principalOf(req), query, limit, after);
    return { entries: page.entries.map(toAuditEntryDto), nextCursor: page.next ? encodeAuditCursor(page.next) : null };
  });

  api.get(
    '/audit-log.csv',
    guarded(IM, { querystring: Type.Object(Selection, { additionalProperties: false }) }),
    async (req, reply) => {
      const { query } = parseOrThrow(req.query);
      const chunks = audit.export(principalOf(req), query);
      // The first chunk is read before the headers go out, so a refused export still answers problem+json.
      const first = await chunks.next();
      const csv = csvStream(toAuditCsvText(first.done ? [] : first.value, true), chunks, toAuditCsvText, req.log);
      return reply
        .header('Content-Disposition', 'attachment; filename="audit-log.csv"')
        .header('Cache-Control', 'no-store')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );
}
