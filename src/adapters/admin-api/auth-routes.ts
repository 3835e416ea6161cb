import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { SessionClient } from '../../core/auth/auth-ports.js';
import type { MfaSignIn } from '../../core/auth/mfa-sign-in.js';
import type { PasswordLinkService } from '../../core/auth/password-link-service.js';
import type { SessionService } from '../../core/auth/session-service.js';
import type { SignInService } from '../../core/auth/sign-in-service.js';
import { DEFAULT_TENANT_SLUG } from '../../core/directory/tenant.js';
import type { TenantService } from '../../core/directory/tenant-service.js';
import type { AuthRateLimits } from '../../http/auth-rate-limits.js';
import { authenticationHook, principalOf, type Authenticator } from '../../http/authentication.js';
import { presentedSessionToken } from '../../http/session-authenticator.js';
import { MfaStepDto, mfaSignInRoutes } from './mfa-auth-routes.js';
import { PROBLEM_MEDIA_TYPE, toProblem } from './problem.js';
import { guarded } from './route-spec.js';
import { clearSessionCookies, Client, sendSession, SessionDto } from './session-reply.js';

export interface AuthRouteDeps {
  tenants: TenantService;
  signIn: SignInService;
  /** The MFA step between password and session (SPEC C6). */
  mfaSignIn: MfaSignIn;
  sessions: SessionService;
  passwordLinks: PasswordLinkService;
  /** The admin API's authenticators (API token, session): /session and /sign-out need a caller. */
  authenticators: readonly Authenticator[];
  limits: AuthRateLimits;
  /** Secure cookies when Roster is served over https (ROSTER_PUBLIC_URL). */
  secureCookies: boolean;
}

const Username = Type.String({ minLength: 1, maxLength: 320 });
const Method = Type.Union([
  Type.Object({ type: Type.Literal('password') }),
  Type.Object({ type: Type.Literal('saml'), providerId: Type.String(), displayName: Type.String() }),
]);

export const tenantOf = async (deps: AuthRouteDeps, req: FastifyRequest) =>
  deps.tenants.bySlug((req.params as { tenant?: string }).tenant ?? DEFAULT_TENANT_SLUG);

/**
 * The sign-in API (SPEC C6), served for the default tenant at `/api/v1/auth` and for any tenant
 * at `/t/{slug}/api/v1/auth`: start → password → [mfa] → session. Registered outside the admin
 * API's authenticated scope: the sign-in steps take no credential (`public`), and /session and
 * /sign-out authenticate with the admin API's own authenticators but need no permission
 * (`signed_in`: the client app signs out too). Every sign-in step is rate-limited per client
 * address and per username (besides the account lockout).
 */
export async function authRoutes(root: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.decorateRequest('principal', null);
  app.setErrorHandler((error, req, reply) => {
    const p = toProblem(error, req);
    return reply.code(p.status).type(PROBLEM_MEDIA_TYPE).send(p);
  });
  passwordSignInRoutes(app, deps);
  mfaSignInRoutes(app, deps);
  passwordLinkRoute(app, deps);
  signedInRoutes(app, deps);
}

/** Sign-in steps 1 and 2: which method applies, then the password (a session, or the MFA step). */
function passwordSignInRoutes(root: FastifyInstance, deps: AuthRouteDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const limited = { preHandler: deps.limits.perIpAndUsername };
  app.post(
    '/start',
    {
      ...limited,
      ...guarded(
        'public',
        {
          description: 'Sign-in, step 1: which method applies to the username',
          body: Type.Object({ username: Username }, { additionalProperties: false }),
          response: { 200: Type.Object({ method: Method, next: Type.Literal('password') }) },
        },
        ['tenant.not_found'],
      ),
    },
    async (req) => deps.signIn.start((await tenantOf(deps, req)).id, req.body.username),
  );

  app.post(
    '/password',
    {
      ...limited,
      ...guarded(
        'public',
        {
          description:
            'Sign-in, step 2: the password; opens a session (console: cookie + CSRF token; app: bearer), ' +
            'or names the MFA step that must come first (next: mfa or mfa_enrol)',
          body: Type.Object(
            { username: Username, password: Type.String({ minLength: 1, maxLength: 1024 }), client: Client },
            { additionalProperties: false },
          ),
          response: { 200: Type.Union([SessionDto, MfaStepDto]) },
        },
        ['tenant.not_found', 'auth.invalid_credentials', 'auth.account_locked', 'auth.sign_in_not_permitted'],
      ),
    },
    async (req, reply) => {
      const tenant = await tenantOf(deps, req);
      const client: SessionClient = req.body.client;
      const done = await deps.signIn.password(tenant.id, {
        userName: req.body.username,
        password: req.body.password,
        client,
        ip: req.ip,
      });
      if (done.next !== 'session') {
        reply.header('Cache-Control', 'no-store');
        return done;
      }
      return sendSession(reply, done, client, deps.secureCookies);
    },
  );
}

/** A one-time set-password or reset link, redeemed with the new password. */
function passwordLinkRoute(root: FastifyInstance, deps: AuthRouteDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/password-link',
    {
      preHandler: deps.limits.perIp,
      ...guarded(
        'public',
        {
          description: 'Sets a password with a one-time set-password or reset link',
          body: Type.Object(
            {
              token: Type.String({ minLength: 1, maxLength: 200 }),
              password: Type.String({ minLength: 1, maxLength: 1024 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ userId: Type.String() }) },
        },
        ['tenant.not_found', 'auth.reset_token_invalid', 'password.policy'],
      ),
    },
    async (req) => deps.passwordLinks.redeem((await tenantOf(deps, req)).id, req.body.token, req.body.password, req.ip),
  );
}

/** What a signed-in caller may do here without any permission: see who they are, sign out. */
function signedInRoutes(root: FastifyInstance, deps: AuthRouteDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const signedIn = { onRequest: authenticationHook(deps.authenticators) };
  app.get(
    '/session',
    {
      ...signedIn,
      ...guarded('signed_in', {
        description: 'The signed-in caller',
        response: { 200: Type.Object({ userId: Type.Union([Type.String(), Type.Null()]), tenantId: Type.String() }) },
      }),
    },
    async (req) => {
      const p = principalOf(req);
      return { userId: p.userId, tenantId: p.tenantId };
    },
  );

  // Sign-out is state-changing: made with the cookie, it needs the CSRF token like any other
  // (the session authenticator checks it).
  app.post(
    '/sign-out',
    {
      ...signedIn,
      ...guarded('signed_in', { description: 'Ends the session', response: { 204: Type.Null() } }, [
        'auth.csrf_failed',
      ]),
    },
    async (req, reply: FastifyReply) => {
      const presented = presentedSessionToken(req);
      if (presented) await deps.signIn.signOut(principalOf(req), presented.token);
      clearSessionCookies(reply);
      return reply.code(204).send();
    },
  );
}
