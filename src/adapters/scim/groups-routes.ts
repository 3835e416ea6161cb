import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import type { GroupProvisioning } from '../../core/provisioning/group-provisioning.js';
import { parseGroupFilter, resolveGroupSortField } from './filter/scim-filter.js';
import { fromScimGroup, toScimGroup } from './group-resource.js';
import { parsePatchRequest, planGroupPatch, planMembersPatch } from './patch/index.js';
import type { JsonObject } from './patch/types.js';
import { listResponse } from './list-params.js';
import { parseProjection, project, wants } from './projection.js';
import { ScimError } from './scim-error.js';
import { baseUrlOf, contextOf, ifMatch, pageRequest } from './scim-request.js';
import { etagOf, versionFromEtag } from './etag.js';

type Q = Record<string, unknown>;

/** /Groups (RFC 7644 §3.3–3.6); membership changes are O(change). */
export function registerGroupRoutes(app: FastifyInstance, groups: GroupProvisioning, cfg: Config): void {
  registerGroupReadRoutes(app, groups, cfg);
  registerGroupWriteRoutes(app, groups, cfg);
}

/** Listing (GET and POST /.search, RFC 7644 §3.4.2–3.4.3) and reading one group, with conditional GET. */
function registerGroupReadRoutes(app: FastifyInstance, groups: GroupProvisioning, cfg: Config): void {
  const list = async (source: Q, req: FastifyRequest) => {
    const ctx = contextOf(req);
    const projection = parseProjection(source.attributes, source.excludedAttributes);
    const { page, params } = pageRequest(source, cfg.scim, parseGroupFilter, resolveGroupSortField);
    const result = await groups.list(ctx, page);
    // excludedAttributes=members must really leave members out (Entra, research §1.3/§1.9), and then they are not even loaded.
    const members = wants(projection, 'members')
      ? await groups.membersOf(
          ctx,
          result.items.map((g) => g.id),
        )
      : undefined;
    const base = baseUrlOf(cfg.publicUrl, ctx);
    return listResponse(
      result.total,
      params.startIndex,
      result.items.map((g) =>
        project(toScimGroup(g, members?.get(g.id) ?? (members ? [] : undefined), base), projection),
      ),
    );
  };

  app.get('/Groups', async (req) => list(req.query as Q, req));
  app.post('/Groups/.search', async (req) => list((req.body ?? {}) as Q, req));

  app.get<{ Params: { id: string } }>('/Groups/:id', async (req, reply) => {
    const ctx = contextOf(req);
    const q = req.query as Q;
    const projection = parseProjection(q.attributes, q.excludedAttributes);
    const group = await groups.get(ctx, req.params.id);
    reply.header('ETag', etagOf(group.version));
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string' && (inm.trim() === '*' || versionFromEtag(inm) === group.version))
      return reply.code(304).send();
    const members = wants(projection, 'members') ? await groups.members(ctx, group.id) : undefined;
    return project(toScimGroup(group, members, baseUrlOf(cfg.publicUrl, ctx)), projection);
  });
}

/** Create, replace, patch and delete (RFC 7644 §3.3, §3.5, §3.6); all but create honour If-Match. */
function registerGroupWriteRoutes(app: FastifyInstance, groups: GroupProvisioning, cfg: Config): void {
  app.post('/Groups', async (req, reply) => {
    const ctx = contextOf(req);
    const input = fromScimGroup(req.body);
    const group = await groups.create(ctx, input);
    const body = toScimGroup(group, await groups.members(ctx, group.id), baseUrlOf(cfg.publicUrl, ctx));
    return reply
      .code(201)
      .header('Location', (body.meta as JsonObject).location)
      .header('ETag', etagOf(group.version))
      .send(body);
  });

  app.put<{ Params: { id: string } }>('/Groups/:id', async (req, reply) => {
    const ctx = contextOf(req);
    const input = fromScimGroup(req.body);
    const group = await groups.change(
      ctx,
      req.params.id,
      {
        displayName: input.displayName,
        externalId: input.externalId,
        addMembers: [],
        removeMembers: [],
        replaceMembers: input.members,
      },
      ifMatch(req),
    );
    return reply
      .header('ETag', etagOf(group.version))
      .send(toScimGroup(group, await groups.members(ctx, group.id), baseUrlOf(cfg.publicUrl, ctx)));
  });

  app.patch<{ Params: { id: string } }>('/Groups/:id', async (req, reply) => {
    const ctx = contextOf(req);
    const ops = parsePatchRequest(req.body);
    if (!ops.ok) throw new ScimError(ops.error.status, ops.error.detail, ops.error.scimType);
    const group = await groups.change(
      ctx,
      req.params.id,
      // Members only (an IdP's usual PATCH): planned without the group, which is then read with the change.
      planMembersPatch(req.params.id, ops.value) ??
        ((current) => {
          const plan = planGroupPatch(current, ops.value);
          if (!plan.ok) throw new ScimError(plan.error.status, plan.error.detail, plan.error.scimType);
          return plan.value;
        }),
      ifMatch(req),
    );
    // Entra expects 204 for group PATCH and Okta accepts it (research §1.9, §6 C3).
    return reply.code(204).header('ETag', etagOf(group.version)).send();
  });

  app.delete<{ Params: { id: string } }>('/Groups/:id', async (req, reply) => {
    await groups.remove(contextOf(req), req.params.id, ifMatch(req));
    return reply.code(204).send();
  });
}
