import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import type { PresentedCredential, ProviderAuth } from '../../core/auth/provider-auth.js';
import { isDomainError } from '../../core/errors.js';
import type { GroupProvisioning } from '../../core/provisioning/group-provisioning.js';
import type { UserProvisioning } from '../../core/provisioning/user-provisioning.js';
import { registerBulkRoute } from './bulk-route.js';
import { registerDiscoveryRoutes } from './discovery-routes.js';
import { registerGroupRoutes } from './groups-routes.js';
import { MAX_BODY_DEPTH, tooDeepAt } from './json-limits.js';
import { ScimError, scimErrorFromDomain } from './scim-error.js';
import { registerUserRoutes } from './users-routes.js';

export interface ScimDeps {
  config: Config;
  auth: ProviderAuth;
  users: UserProvisioning;
  groups: GroupProvisioning;
}

export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

/** Reads the Authorization header: `Bearer <token>` or `Basic <base64(user:password)>`. */
export function presentedCredential(header: string | undefined): PresentedCredential | undefined {
  if (!header) return undefined;
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (scheme.toLowerCase() === 'bearer' && value) return { type: 'bearer', token: value };
  if (scheme.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { type: 'basic', username: decoded.slice(0, i), password: decoded.slice(i + 1) };
  }
  return undefined;
}

/** Any error → a SCIM error (RFC 7644 §3.12); unknown errors are logged and answered with a generic 500. */
export function toScimError(error: unknown, req: FastifyRequest): ScimError {
  if (error instanceof ScimError) return error;
  if (isDomainError(error)) return scimErrorFromDomain(error);
  const fe = error as Partial<FastifyError> & { body?: unknown };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    // tooMany is Bulk's word for "over maxPayloadSize" (RFC 7644 §3.7.4); other bodies just get 413.
    const bulk = /\/Bulk\/?(\?|$)/i.test(req.url);
    return bulk
      ? new ScimError(413, 'The bulk request is larger than maxPayloadSize', 'tooMany')
      : new ScimError(413, 'The request body is larger than this server accepts');
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new ScimError(415, 'The request body must be application/scim+json or application/json');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new ScimError(400, 'The request body is empty', 'invalidSyntax');
  if (fe instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return new ScimError(400, 'The request body is not valid JSON', 'invalidSyntax');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return new ScimError(
      fe.statusCode,
      fe.message ?? 'Bad request',
      fe.statusCode === 400 ? 'invalidSyntax' : undefined,
    );
  req.log.error({ err: error }, 'unhandled error in SCIM request');
  return new ScimError(500, `Internal error (request ${req.id})`);
}

/** A SCIM request body: JSON, nested at most MAX_BODY_DEPTH deep; a ScimError otherwise. */
function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new ScimError(400, 'The request body is not valid JSON', 'invalidSyntax');
  }
  const at = tooDeepAt(value, MAX_BODY_DEPTH);
  return at === undefined
    ? value
    : new ScimError(400, `The value of "${at}" nests more than ${MAX_BODY_DEPTH} levels deep`, 'invalidValue');
}

function sendError(reply: FastifyReply, e: ScimError): FastifyReply {
  if (e.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="roster-scim", Basic realm="roster-scim"');
  return reply.code(e.status).type(SCIM_MEDIA_TYPE).send(e.toJSON());
}

/** The SCIM 2.0 server for one provider per base URL: /scim/{providerId}/v2 (SPEC C2). */
export async function scimPlugin(app: FastifyInstance, deps: ScimDeps): Promise<void> {
  app.decorateRequest('scim', null);
  // RFC 7644 §3.1: bodies are application/scim+json (Entra) or application/json (Okta), with or
  // without a charset. Anything else is 415: text/plain and form encodings are what a browser
  // may send cross-site without a preflight, carrying a provider's cached Basic credentials.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/scim+json', 'application/json'],
    { parseAs: 'string', bodyLimit: deps.config.scim.maxBodyBytes },
    (_req, body, done) => {
      const parsed = parseJsonBody(typeof body === 'string' ? body : body.toString('utf8'));
      if (parsed instanceof ScimError) done(parsed, undefined);
      else done(null, parsed);
    },
  );

  app.addHook('onRequest', async (req) => {
    const providerId = (req.params as { providerId?: string }).providerId ?? '';
    const h = req.headers.authorization;
    req.scim = await deps.auth.authenticate(providerId, presentedCredential(h));
  });
  // Every SCIM response is application/scim+json (RFC 7644 §3.1; Entra requires it, research §1.1).
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (reply.statusCode !== 204 && reply.statusCode !== 304) reply.type(SCIM_MEDIA_TYPE);
    done(null, payload);
  });
  app.setErrorHandler((error, req, reply) => sendError(reply, toScimError(error, req)));
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, new ScimError(404, `No SCIM endpoint at ${req.method} ${req.url.split('?')[0]}`)),
  );

  registerDiscoveryRoutes(app, deps.config);
  registerUserRoutes(app, deps.users, deps.config);
  registerGroupRoutes(app, deps.groups, deps.config);
  registerBulkRoute(app, deps.config);
}
