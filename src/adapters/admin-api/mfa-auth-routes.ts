import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { MfaSignIn } from '../../core/auth/mfa-sign-in.js';
import { DomainError } from '../../core/errors.js';
import type { DomainErrorCode } from '../../core/errors.js';
import type { TenantService } from '../../core/directory/tenant-service.js';
import type { AuthRateLimits } from '../../http/auth-rate-limits.js';
import { DEFAULT_TENANT_SLUG } from '../../core/directory/tenant.js';
import { guarded } from './route-spec.js';
import { Client, sendSession, SessionDto } from './session-reply.js';

/** The password step's answer when MFA comes first (SPEC C6). */
export const MfaStepDto = Type.Object({
  next: Type.Union([Type.Literal('mfa'), Type.Literal('mfa_enrol')], {
    description:
      'mfa: send a code to /auth/mfa; mfa_enrol: the organization requires MFA, enrol through /auth/mfa/enrol',
  }),
  mfaToken: Type.String({ description: 'For the MFA step only; valid 5 minutes, once, for the same client kind' }),
  expiresAt: Type.String(),
});

/** A new authenticator's secret, shown once. */
export const EnrolmentDto = Type.Object({
  secret: Type.String({ description: 'Base32 TOTP secret (SHA-1, 6 digits, 30 s)' }),
  otpauthUri: Type.String({ description: 'otpauth://totp/… for a QR code' }),
});

const MfaToken = Type.String({ minLength: 1, maxLength: 200 });
const Code = Type.String({ minLength: 1, maxLength: 20, description: 'The 6-digit authenticator code' });
const RecoveryCode = Type.String({ minLength: 1, maxLength: 64, description: 'One of the recovery codes' });

// What every MFA step can answer besides schema validation.
const STEP_ERRORS: DomainErrorCode[] = [
  'tenant.not_found',
  'auth.mfa_token_invalid',
  'auth.account_locked',
  'mfa.unavailable',
];

interface MfaRouteDeps {
  tenants: TenantService;
  mfaSignIn: MfaSignIn;
  limits: AuthRateLimits;
  secureCookies: boolean;
}

/** The MFA step of sign-in (SPEC C6), registered by authRoutes beside the password step. */
export function mfaSignInRoutes(root: FastifyInstance, deps: MfaRouteDeps): void {
  mfaVerifyRoute(root, deps);
  mfaEnrolRoutes(root, deps);
}

const tenantIdOf = async (deps: MfaRouteDeps, params: unknown) =>
  (await deps.tenants.bySlug((params as { tenant?: string }).tenant ?? DEFAULT_TENANT_SLUG)).id;

/** An enrolled user's second factor: an authenticator code or a recovery code. */
function mfaVerifyRoute(root: FastifyInstance, deps: MfaRouteDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const limited = { preHandler: deps.limits.perIp };
  app.post(
    '/mfa',
    {
      ...limited,
      ...guarded(
        'public',
        {
          description: 'Sign-in, MFA step: an authenticator code, or one recovery code; opens the session',
          body: Type.Object(
            {
              mfaToken: MfaToken,
              code: Type.Optional(Code),
              recoveryCode: Type.Optional(RecoveryCode),
              client: Client,
            },
            { additionalProperties: false },
          ),
          response: { 200: SessionDto },
        },
        [...STEP_ERRORS, 'auth.mfa_code_invalid'],
      ),
    },
    async (req, reply) => {
      const { code, recoveryCode, client } = req.body;
      if ((code === undefined) === (recoveryCode === undefined))
        throw new DomainError('input.invalid', { field: 'code', reason: 'give either code or recoveryCode' });
      const done = await deps.mfaSignIn.verify(await tenantIdOf(deps, req.params), {
        mfaToken: req.body.mfaToken,
        client,
        ip: req.ip,
        proof: code !== undefined ? { code } : { recoveryCode: recoveryCode as string },
      });
      return sendSession(reply, done, client, deps.secureCookies);
    },
  );
}

/** Enrolment during sign-in when the organization requires MFA and the user has none yet. */
function mfaEnrolRoutes(root: FastifyInstance, deps: MfaRouteDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const limited = { preHandler: deps.limits.perIp };
  app.post(
    '/mfa/enrol',
    {
      ...limited,
      ...guarded(
        'public',
        {
          description: 'Sign-in, MFA enrolment (next: mfa_enrol): a new authenticator secret, shown once',
          body: Type.Object({ mfaToken: MfaToken }, { additionalProperties: false }),
          response: { 200: EnrolmentDto },
        },
        [...STEP_ERRORS, 'mfa.already_enrolled'],
      ),
    },
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return deps.mfaSignIn.enrol(await tenantIdOf(deps, req.params), req.body.mfaToken, req.ip);
    },
  );

  app.post(
    '/mfa/enrol/confirm',
    {
      ...limited,
      ...guarded(
        'public',
        {
          description:
            "Sign-in, MFA enrolment: the authenticator's first code; opens the session and shows the recovery codes once",
          body: Type.Object({ mfaToken: MfaToken, code: Code, client: Client }, { additionalProperties: false }),
          response: {
            200: Type.Intersect([SessionDto, Type.Object({ recoveryCodes: Type.Array(Type.String()) })]),
          },
        },
        [...STEP_ERRORS, 'auth.mfa_code_invalid', 'mfa.not_pending'],
      ),
    },
    async (req, reply) => {
      const { client } = req.body;
      const done = await deps.mfaSignIn.confirm(await tenantIdOf(deps, req.params), {
        mfaToken: req.body.mfaToken,
        code: req.body.code,
        client,
        ip: req.ip,
      });
      return { ...sendSession(reply, done, client, deps.secureCookies), recoveryCodes: done.recoveryCodes };
    },
  );
}
