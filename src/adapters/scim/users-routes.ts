import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import type { UserProvisioning } from '../../core/provisioning/user-provisioning.js';
import { parseUserFilter, resolveUserSortField } from './filter/scim-filter.js';
import { applyUserPatch, parsePatchRequest } from './patch/index.js';
import type { JsonObject } from './patch/types.js';
import { listResponse } from './list-params.js';
import { parseProjection, project, wants } from './projection.js';
import { ScimError } from './scim-error.js';
import { baseUrlOf, contextOf, ifMatch, pageRequest } from './scim-request.js';
import { fromScimUser, toScimUser } from './user-resource.js';
import { etagOf, versionFromEtag } from './etag.js';

type Q = Record<string, unknown>;

/** /Users (RFC 7644 §3.3–3.6). */
export function registerUserRoutes(app: FastifyInstance, users: UserProvisioning, cfg: Config): void {
  registerUserReadRoutes(app, users, cfg);
  registerUserWriteRoutes(app, users, cfg);
}

/** Listing (GET and POST /.search, RFC 7644 §3.4.2–3.4.3) and reading one user, with conditional GET. */
function registerUserReadRoutes(app: FastifyInstance, users: UserProvisioning, cfg: Config): void {
  const list = async (req: { query: unknown; body?: unknown }, ctxReq: Parameters<typeof contextOf>[0]) => {
    const ctx = contextOf(ctxReq);
    const source = (req.body && typeof req.body === 'object' ? req.body : req.query) as Q;
    const projection = parseProjection(source.attributes, source.excludedAttributes);
    const { page, params } = pageRequest(source, cfg.scim, parseUserFilter, resolveUserSortField);
    const result = await users.list(ctx, page);
    const groups = wants(projection, 'groups')
      ? (result.groups ??
        (await users.groupsOfUsers(
          ctx,
          result.items.map((u) => u.id),
        )))
      : new Map();
    const base = baseUrlOf(cfg.publicUrl, ctx);
    return listResponse(
      result.total,
      params.startIndex,
      result.items.map((user) => project(toScimUser({ user, groups: groups.get(user.id) ?? [] }, base), projection)),
    );
  };

  app.get('/Users', async (req) => list(req, req));
  // RFC 7644 §3.4.3: POST /.search carries the same parameters in the body.
  app.post('/Users/.search', async (req) => list({ query: {}, body: req.body }, req));

  app.get<{ Params: { id: string } }>('/Users/:id', async (req, reply) => {
    const ctx = contextOf(req);
    const q = req.query as Q;
    const found = await users.get(ctx, req.params.id);
    const etag = etagOf(found.user.version);
    reply.header('ETag', etag);
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string' && (inm.trim() === '*' || versionFromEtag(inm) === found.user.version))
      return reply.code(304).send();
    return project(
      toScimUser(found, baseUrlOf(cfg.publicUrl, ctx)),
      parseProjection(q.attributes, q.excludedAttributes),
    );
  });
}

/** Create, replace, patch and delete (RFC 7644 §3.3, §3.5, §3.6); all but create honour If-Match. */
function registerUserWriteRoutes(app: FastifyInstance, users: UserProvisioning, cfg: Config): void {
  app.post('/Users', async (req, reply) => {
    const ctx = contextOf(req);
    const created = await users.create(ctx, fromScimUser(req.body));
    const body = toScimUser(created, baseUrlOf(cfg.publicUrl, ctx));
    return reply
      .code(201)
      .header('Location', (body.meta as JsonObject).location)
      .header('ETag', etagOf(created.user.version))
      .send(body);
  });

  app.put<{ Params: { id: string } }>('/Users/:id', async (req, reply) => {
    const ctx = contextOf(req);
    // Okta's PUT echoes id, meta and groups (research §2.5): read-only, so ignored.
    const input = fromScimUser(req.body);
    const updated = await users.update(ctx, req.params.id, () => input, ifMatch(req));
    return reply.header('ETag', etagOf(updated.user.version)).send(toScimUser(updated, baseUrlOf(cfg.publicUrl, ctx)));
  });

  app.patch<{ Params: { id: string } }>('/Users/:id', async (req, reply) => {
    const ctx = contextOf(req);
    const ops = parsePatchRequest(req.body);
    if (!ops.ok) throw new ScimError(ops.error.status, ops.error.detail, ops.error.scimType);
    const base = baseUrlOf(cfg.publicUrl, ctx);
    const updated = await users.update(
      ctx,
      req.params.id,
      (current) => {
        const patched = applyUserPatch(toScimUser(current, base), ops.value);
        if (!patched.ok) throw new ScimError(patched.error.status, patched.error.detail, patched.error.scimType);
        return fromScimUser(patched.value);
      },
      ifMatch(req),
    );
    // Entra's examples answer 200 with the user (research §6 C3).
    return reply.header('ETag', etagOf(updated.user.version)).send(toScimUser(updated, base));
  });

  app.delete<{ Params: { id: string } }>('/Users/:id', async (req, reply) => {
    await users.remove(contextOf(req), req.params.id, ifMatch(req));
    return reply.code(204).send();
  });
}
