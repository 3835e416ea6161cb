import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import type { Json, JsonObject } from './patch/types.js';
import { ScimError } from './scim-error.js';
import { baseUrlOf, contextOf } from './scim-request.js';

const BULK_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

interface BulkOperation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  bulkId?: string;
  version?: string;
  data?: Json;
}

function parseOperations(body: unknown, maxOperations: number): { ops: BulkOperation[]; failOnErrors: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ScimError(400, 'A BulkRequest object is required', 'invalidSyntax');
  const o = body as JsonObject;
  const schemas = o.schemas;
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === BULK_REQUEST_URN.toLowerCase())
  )
    throw new ScimError(400, `schemas must contain ${BULK_REQUEST_URN}`, 'invalidSyntax');
  const raw = o.Operations;
  if (!Array.isArray(raw)) throw new ScimError(400, 'Operations must be an array', 'invalidSyntax');
  if (raw.length > maxOperations)
    throw new ScimError(
      413,
      `The bulk request has ${raw.length} operations; the maximum is ${maxOperations}`,
      'tooMany',
    );
  const fail = o.failOnErrors;
  if (fail !== undefined && (typeof fail !== 'number' || !Number.isInteger(fail) || fail < 1))
    throw new ScimError(400, 'failOnErrors must be a positive integer', 'invalidValue');
  const ops = raw.map((r, i): BulkOperation => {
    if (!r || typeof r !== 'object' || Array.isArray(r))
      throw new ScimError(400, `Operations[${i}] must be an object`, 'invalidSyntax');
    const method = typeof r.method === 'string' ? r.method.toUpperCase() : '';
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
      throw new ScimError(400, `Operations[${i}].method must be POST, PUT, PATCH or DELETE`, 'invalidValue');
    if (typeof r.path !== 'string' || !/^\/(Users|Groups)(\/[^/?#]+)?$/i.test(r.path))
      throw new ScimError(400, `Operations[${i}].path must be /Users, /Groups or one resource of them`, 'invalidPath');
    if (method === 'POST' && (typeof r.bulkId !== 'string' || r.bulkId === ''))
      throw new ScimError(400, `Operations[${i}]: POST requires a bulkId`, 'invalidValue');
    return {
      method: method as BulkOperation['method'],
      path: r.path,
      ...(typeof r.bulkId === 'string' ? { bulkId: r.bulkId } : {}),
      ...(typeof r.version === 'string' ? { version: r.version } : {}),
      ...(r.data !== undefined ? { data: r.data } : {}),
    };
  });
  return { ops, failOnErrors: typeof fail === 'number' ? fail : Number.POSITIVE_INFINITY };
}

class UnresolvedBulkId extends Error {}

/** The id created for a bulkId earlier in the request; UnresolvedBulkId when there is none. */
function idOf(bulkId: string, ids: ReadonlyMap<string, string>): string {
  const id = ids.get(bulkId);
  if (id === undefined) throw new UnresolvedBulkId(bulkId);
  return id;
}

/** An operation path naming a resource by bulkId (`/Groups/bulkId:x`) with the id created for it. */
function resolvePath(path: string, ids: ReadonlyMap<string, string>): string {
  const m = /^(\/(?:Users|Groups)\/)bulkId:(.+)$/i.exec(path);
  return m ? `${m[1] ?? ''}${idOf(m[2] ?? '', ids)}` : path;
}

/** Replaces "bulkId:x" references with the ids created earlier in the request (RFC 7644 §3.7.2). */
function resolveRefs<T extends Json>(v: T, ids: ReadonlyMap<string, string>): T {
  if (typeof v === 'string') return (v.startsWith('bulkId:') ? idOf(v.slice(7), ids) : v) as T;
  if (Array.isArray(v)) return v.map((e) => resolveRefs(e, ids)) as T;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, resolveRefs(e, ids)])) as T;
  return v;
}

/** POST /Bulk: each operation runs through the same routes as a single request, in order (RFC 7644 §3.7). */
export function registerBulkRoute(app: FastifyInstance, cfg: Config): void {
  app.post('/Bulk', { bodyLimit: cfg.scim.bulkMaxPayloadBytes }, async (req) => {
    const ctx = contextOf(req);
    const { ops, failOnErrors } = parseOperations(req.body, cfg.scim.bulkMaxOperations);
    const prefix = `/scim/${ctx.provider.id}/v2`;
    const ids = new Map<string, string>();
    const results: JsonObject[] = [];
    let errors = 0;
    for (const op of ops) {
      if (errors >= failOnErrors) break;
      const res = await runOne(app, req.headers.authorization ?? '', prefix, baseUrlOf(cfg.publicUrl, ctx), op, ids);
      if (Number(res.status) >= 400) errors += 1;
      results.push(res);
    }
    return { schemas: [BULK_RESPONSE_URN], Operations: results };
  });
}

async function runOne(
  app: FastifyInstance,
  authorization: string,
  prefix: string,
  publicBase: string,
  op: BulkOperation,
  ids: Map<string, string>,
): Promise<JsonObject> {
  const base = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}) };
  let path: string;
  let data: Json | undefined;
  try {
    // RFC 7644 §3.7.2: a bulkId may stand for a new resource's id in the data and in the path.
    path = resolvePath(op.path, ids);
    data = op.data === undefined ? undefined : resolveRefs(op.data, ids);
  } catch (e) {
    if (!(e instanceof UnresolvedBulkId)) throw e;
    return {
      ...base,
      ...(op.method === 'POST' ? {} : { location: `${publicBase}${op.path}` }),
      status: '409',
      response: new ScimError(
        409,
        `bulkId "${e.message}" does not refer to a resource created earlier in this request`,
        'invalidValue',
      ).toJSON() as JsonObject,
    };
  }
  const res = await app.inject({
    method: op.method,
    url: `${prefix}${path}`,
    headers: {
      authorization,
      'content-type': 'application/scim+json',
      ...(op.version ? { 'if-match': op.version } : {}),
    },
    ...(data !== undefined ? { payload: JSON.stringify(data) } : {}),
  });
  const body = res.body ? (JSON.parse(res.body) as JsonObject) : undefined;
  if (op.bulkId && res.statusCode === 201 && body && typeof body.id === 'string') ids.set(op.bulkId, body.id);
  // RFC 7644 §3.7.3: `location` is required except for a failed POST (a 204 group PATCH has no
  // body to take it from), and `version` is the resource's version after the operation.
  const location = op.method === 'POST' ? res.headers.location : `${publicBase}${path}`;
  const etag = res.statusCode < 300 ? res.headers.etag : undefined;
  return {
    ...base,
    ...(typeof location === 'string' ? { location } : {}),
    ...(typeof etag === 'string' ? { version: etag } : {}),
    status: String(res.statusCode),
    ...(res.statusCode >= 400 && body ? { response: body } : {}),
  };
}
