import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { DomainError } from '../core/errors.js';

/** True when a query tree holds a string with U+0000 (only plain objects and arrays are walked). */
function holdsNul(node: unknown): boolean {
  if (typeof node === 'string') return node.includes('\u0000');
  if (Array.isArray(node)) return node.some(holdsNul);
  if (node !== null && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) return Object.values(node).some(holdsNul);
  return false;
}

/**
 * PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), so any
 * such value — a userName, a group member id, an id in a URL, a filter literal — used to be a 500.
 * Every query is checked before it runs and the value refused as bad input instead, on both
 * dialects alike so that SQLite never stores what PostgreSQL would refuse (SPEC "Bad input").
 */
export class RejectNulPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (holdsNul(args.node)) throw new DomainError('input.invalid', { field: 'value', reason: 'text must not contain the NUL character (U+0000)' });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
