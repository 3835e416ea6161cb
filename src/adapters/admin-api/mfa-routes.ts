import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { MfaService } from '../../core/auth/mfa-service.js';
import { principalOf } from '../../http/authentication.js';
import { IdParams } from './dto.js';
import { EnrolmentDto } from './mfa-auth-routes.js';
import { guarded } from './route-spec.js';

const MfaStatusDto = Type.Object({
  enrolled: Type.Boolean(),
  required: Type.Boolean({ description: "The organization's setting, own or inherited" }),
  recoveryCodesLeft: Type.Integer(),
});
const CodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20, description: 'A current authenticator code' }) },
  { additionalProperties: false },
);
const RecoveryCodesDto = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Single use; shown once, only their hashes are kept' }),
});

/** MFA self-service for the signed-in user, and the administrator's reset (SPEC C6). */
export function mfaRoutes(app: FastifyInstance, deps: { mfa: MfaService }): void {
  myMfaRoutes(app, deps.mfa);
  myMfaEnrolmentRoutes(app, deps.mfa);
  mfaResetRoute(app, deps.mfa);
}

/** The caller's own MFA state, and removing their authenticator. */
function myMfaRoutes(app: FastifyInstance, mfa: MfaService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/me/mfa',
    guarded('console', { description: "The caller's MFA state", response: { 200: MfaStatusDto } }),
    async (req) => mfa.myStatus(principalOf(req)),
  );

  api.delete(
    '/me/mfa',
    guarded(
      'console',
      {
        description: "Removes the caller's authenticator and recovery codes (not when the organization requires MFA)",
        body: CodeBody,
      },
      ['mfa.code_invalid', 'mfa.not_enrolled', 'mfa.required', 'mfa.unavailable'],
    ),
    async (req, reply) => {
      await mfa.remove(principalOf(req), req.body.code);
      return reply.code(204).send();
    },
  );
}

/** Enrolling the caller's authenticator, and replacing their recovery codes. */
function myMfaEnrolmentRoutes(app: FastifyInstance, mfa: MfaService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/me/mfa/enrol',
    guarded(
      'console',
      {
        description: 'Starts enrolling an authenticator: its secret, shown once; confirm with its first code',
        response: { 200: EnrolmentDto },
      },
      ['mfa.already_enrolled', 'mfa.unavailable'],
    ),
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return mfa.beginEnrol(principalOf(req));
    },
  );

  api.post(
    '/me/mfa/enrol/confirm',
    guarded(
      'console',
      {
        description: "Confirms the enrolment with the authenticator's first code; the recovery codes, shown once",
        body: CodeBody,
        response: { 200: RecoveryCodesDto },
      },
      ['mfa.code_invalid', 'mfa.not_pending', 'mfa.unavailable'],
    ),
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { recoveryCodes: await mfa.confirmEnrol(principalOf(req), req.body.code) };
    },
  );

  api.post(
    '/me/mfa/recovery-codes',
    guarded(
      'console',
      {
        description: 'A new set of recovery codes (the old ones stop working), shown once',
        body: CodeBody,
        response: { 200: RecoveryCodesDto },
      },
      ['mfa.code_invalid', 'mfa.not_enrolled', 'mfa.unavailable'],
    ),
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { recoveryCodes: await mfa.newRecoveryCodes(principalOf(req), req.body.code) };
    },
  );
}

/** An administrator's reset of another user's MFA. */
function mfaResetRoute(app: FastifyInstance, mfa: MfaService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.delete(
    '/users/:id/mfa',
    guarded(
      'mfa.manage',
      {
        description:
          "Resets a user's MFA: removes the authenticator and recovery codes and ends the user's sessions " +
          '(within the scope of the role granting mfa.manage)',
        params: IdParams,
      },
      ['user.not_found', 'mfa.not_enrolled'],
    ),
    async (req, reply) => {
      await mfa.reset(principalOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
}
