import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { IssuedPasswordLink, PasswordLinkService } from '../../core/auth/password-link-service.js';
import type { SessionService } from '../../core/auth/session-service.js';
import type { LocalUserService } from '../../core/directory/local-user-service.js';
import { DomainError } from '../../core/errors.js';
import { IdParams } from './dto.js';
import { principalOf } from '../../http/authentication.js';
import { guarded } from './route-spec.js';
import { UserSummaryDto, userToSummaryDto } from './user-dto.js';
import { parseUserCsv } from './user-csv.js';

export interface LocalUsersRouteDeps {
  localUsers: LocalUserService;
  passwordLinks: PasswordLinkService;
  sessions: SessionService;
  /** Builds the set-password address a link token is used at (the tenant's sign-in address). */
  linkUrl: (tenantId: string, token: string) => Promise<string>;
  /** Largest CSV upload accepted. */
  maxCsvBytes: number;
}

const LinkDto = Type.Object({
  token: Type.String({ description: 'Shown once; only its hash is stored' }),
  url: Type.String(),
  purpose: Type.Union([Type.Literal('set'), Type.Literal('reset')]),
  expiresAt: Type.String(),
});

const CreateBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 320 }),
    email: Type.Optional(Type.String({ maxLength: 320 })),
    firstName: Type.Optional(Type.String({ maxLength: 200 })),
    lastName: Type.Optional(Type.String({ maxLength: 200 })),
    organization: Type.Optional(Type.String({ maxLength: 200, description: 'Organization name; the root if absent' })),
    roles: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    password: Type.Optional(
      Type.String({ maxLength: 1024, description: 'Without it, the answer carries a one-time set-password link' }),
    ),
  },
  { additionalProperties: false },
);

const ImportReportDto = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  created: Type.Integer({ description: 'Users created (dry run: that would be created)' }),
  rejected: Type.Array(
    Type.Object({
      line: Type.Integer(),
      userName: Type.String(),
      problems: Type.Array(Type.Object({ field: Type.String(), reason: Type.String() })),
    }),
  ),
});

/** A password link as the API shows it once, with the address it is used at. */
function linkDtoOf(deps: LocalUsersRouteDeps) {
  return async (tenantId: string, l: IssuedPasswordLink): Promise<Static<typeof LinkDto>> => ({
    token: l.token,
    url: await deps.linkUrl(tenantId, l.token),
    purpose: l.purpose,
    expiresAt: l.expiresAt,
  });
}

/** Local users (SPEC C6 local directory): create, bulk upload from CSV, password reset links, ending sessions. */
export function localUsersRoutes(app: FastifyInstance, deps: LocalUsersRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const toLinkDto = linkDtoOf(deps);

  api.post(
    '/users',
    guarded(
      'users.create_deactivate',
      {
        description: 'Creates a local user, with a password or a one-time set-password link',
        body: CreateBody,
        response: { 201: Type.Object({ user: UserSummaryDto, passwordLink: Type.Union([LinkDto, Type.Null()]) }) },
      },
      ['organization.not_found', 'tenant.not_found'],
    ),
    async (req, reply) => {
      const p = principalOf(req);
      const b = req.body;
      const { user, link } = await deps.localUsers.create(p, {
        userName: b.username,
        email: b.email ?? null,
        firstName: b.firstName ?? null,
        lastName: b.lastName ?? null,
        organization: b.organization ?? null,
        roles: b.roles ?? [],
        password: b.password ?? null,
      });
      reply.header('Cache-Control', 'no-store');
      return reply
        .code(201)
        .send({ user: userToSummaryDto(user), passwordLink: link ? await toLinkDto(p.tenantId, link) : null });
    },
  );

  userImportRoutes(app, deps);
  userCredentialRoutes(app, deps);
}

/** Bulk upload of local users from a CSV file (SPEC C6): every bad row reported by its line, a dry run. */
function userImportRoutes(app: FastifyInstance, deps: LocalUsersRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // The body is the CSV file itself (Content-Type: text/csv).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: deps.maxCsvBytes }, (_req, body, done) =>
    done(null, body),
  );
  api.post(
    '/users/import',
    {
      bodyLimit: deps.maxCsvBytes,
      ...guarded(
        'users.create_deactivate',
        {
          description: 'Bulk upload of local users from a CSV file (text/csv); every bad row reported by line',
          querystring: Type.Object(
            { dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) },
            { additionalProperties: false },
          ),
          response: { 200: ImportReportDto },
        },
        ['organization.not_found', 'tenant.not_found'],
      ),
    },
    async (req) => {
      const p = principalOf(req);
      if (typeof req.body !== 'string')
        throw new DomainError('input.invalid', { field: 'body', reason: 'send the CSV file as text/csv' });
      const parsed = parseUserCsv(req.body);
      if (!parsed.ok) throw new DomainError('input.invalid', { field: 'file', reason: parsed.reason });
      const report = await deps.localUsers.import(p, parsed.rows, { dryRun: req.query.dryRun === 'true' });
      const rejected = [...parsed.rejected, ...report.rejected].sort((a, b) => a.line - b.line);
      return { ...report, rows: report.rows + parsed.rejected.length, rejected };
    },
  );
}

/** What an administrator does to a user's credentials: a password reset link, ending every session (SPEC C6). */
function userCredentialRoutes(app: FastifyInstance, deps: LocalUsersRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const toLinkDto = linkDtoOf(deps);
  api.post(
    '/users/:id/password-reset',
    guarded(
      'users.update',
      {
        description: "Ends the user's password and sessions and issues a one-time reset link",
        params: IdParams,
        response: { 200: LinkDto },
      },
      ['user.not_found'],
    ),
    async (req, reply) => {
      const p = principalOf(req);
      const link = await deps.passwordLinks.issueReset(p, req.params.id);
      reply.header('Cache-Control', 'no-store');
      return toLinkDto(p.tenantId, link);
    },
  );

  api.delete(
    '/users/:id/sessions',
    guarded(
      'users.update',
      {
        description: 'Ends every session of the user (console and client app)',
        params: IdParams,
        response: { 200: Type.Object({ revoked: Type.Integer() }) },
      },
      ['user.not_found'],
    ),
    async (req) => ({ revoked: await deps.sessions.revokeAllOfUser(principalOf(req), req.params.id) }),
  );
}
