import type { Config } from '../../config/config.js';
import { ScimError } from './scim-error.js';

export interface ListParams {
  offset: number;
  limit: number;
  startIndex: number;
  sortBy?: string;
  sortOrder: 'asc' | 'desc';
}

const DEFAULT_COUNT = 100;
const MAX_INDEX = 2 ** 31 - 1;

function integer(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ScimError(400, `${name} must be an integer`, 'invalidValue');
  // Bounded so that absurd values (1e20) are neither echoed back nor handed to SQL OFFSET.
  return Math.max(-MAX_INDEX, Math.min(MAX_INDEX, Math.trunc(n)));
}

/**
 * startIndex/count/sortBy/sortOrder (RFC 7644 §3.4.2.3–4): startIndex below 1 is 1; a negative
 * count is 0; a count above the announced maximum is clamped to it.
 */
export function parseListParams(q: Record<string, unknown>, cfg: Config['scim']): ListParams {
  const startIndex = Math.max(1, integer(q.startIndex, 'startIndex') ?? 1);
  const count = Math.min(
    cfg.maxResults,
    Math.max(0, integer(q.count, 'count') ?? Math.min(DEFAULT_COUNT, cfg.maxResults)),
  );
  const order = typeof q.sortOrder === 'string' ? q.sortOrder.toLowerCase() : 'ascending';
  if (order !== 'ascending' && order !== 'descending')
    throw new ScimError(400, 'sortOrder must be "ascending" or "descending"', 'invalidValue');
  const sortBy = typeof q.sortBy === 'string' && q.sortBy.trim() !== '' ? q.sortBy.trim() : undefined;
  return {
    offset: startIndex - 1,
    limit: count,
    startIndex,
    sortOrder: order === 'ascending' ? 'asc' : 'desc',
    ...(sortBy ? { sortBy } : {}),
  };
}

/** A ListResponse (RFC 7644 §3.4.2); `Resources` is always an array, never null (research §1.2). */
export function listResponse(total: number, startIndex: number, resources: unknown[]): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
