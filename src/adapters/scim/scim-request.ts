import type { FastifyRequest } from 'fastify';
import type { PageRequest } from '../../core/directory/query.js';
import type { Predicate } from '../../core/directory/query.js';
import type { ProvisioningContext } from '../../core/provisioning/context.js';
import type { Result } from '../../core/result.js';
import type { Config } from '../../config/config.js';
import type { FilterError } from './filter/scim-filter.js';
import { parseListParams as listParams, type ListParams } from './list-params.js';
import { ScimError } from './scim-error.js';
import { versionFromEtag } from './etag.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the SCIM authentication hook for every SCIM route. */
    scim: ProvisioningContext | null;
  }
}

/** The provisioning context of an authenticated SCIM request. */
export function contextOf(req: FastifyRequest): ProvisioningContext {
  if (!req.scim) throw new ScimError(401, 'Authentication required');
  return req.scim;
}

/** The provider's SCIM base URL, as clients should use it in `$ref` and `meta.location`. */
export function baseUrlOf(publicUrl: string, ctx: ProvisioningContext): string {
  return `${publicUrl}/scim/${ctx.provider.id}/v2`;
}

/** If-Match as a version (undefined when absent or `*`). A malformed or foreign ETag never matches. */
export function ifMatch(req: FastifyRequest): number | undefined {
  const h = req.headers['if-match'];
  return versionFromEtag(Array.isArray(h) ? h[0] : h);
}

/** Builds a page request from the query string with a parsed filter and resolved sort field. */
export function pageRequest<F extends string, C extends string>(
  query: Record<string, unknown>,
  cfg: Config['scim'],
  parse: (text: string) => Result<Predicate<F, C>, FilterError>,
  resolveSort: (attr: string) => F | undefined,
): { page: PageRequest<F, C>; params: ListParams } {
  const params = listParams(query, cfg);
  const page: PageRequest<F, C> = { offset: params.offset, limit: params.limit };
  if (typeof query.filter === 'string' && query.filter.trim() !== '') {
    const parsed = parse(query.filter);
    if (!parsed.ok) throw new ScimError(400, parsed.error.detail, 'invalidFilter');
    page.filter = parsed.value;
  }
  if (params.sortBy) {
    const field = resolveSort(params.sortBy);
    if (!field)
      throw new ScimError(
        400,
        `sortBy names an attribute that cannot be sorted on: "${params.sortBy}"`,
        'invalidValue',
      );
    page.sort = { field, direction: params.sortOrder };
  }
  return { page, params };
}
