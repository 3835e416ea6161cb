import { Type } from '@sinclair/typebox';
import type { DomainErrorCode } from '../../core/errors.js';
import type { RoutePermission } from '../../http/route-permission.js';
import { problemStatus } from './problem.js';

/** An RFC 9457 problem document as the admin API sends it. */
export const ProblemDto = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable reason (the domain error code)' }),
    field: Type.Optional(Type.String({ description: 'The input field at fault, when there is one' })),
    permission: Type.Optional(Type.String({ description: 'auth.forbidden: the permission the caller lacks' })),
  },
  { additionalProperties: true },
);

// Every admin route can answer these (authentication, the route's permission, schema validation).
const ALWAYS: readonly DomainErrorCode[] = ['auth.unauthenticated', 'auth.forbidden', 'input.invalid'];

/**
 * The route options every admin API route starts from (SPEC C6, issue 14 items 6 and 12): the
 * permission it needs, in `config` (the permission hook and tests read it) and as `x-permission`
 * in the schema (OpenAPI shows it), and a problem+json response for the status of each error code
 * it may answer, listing the codes.
 */
export function guarded<S extends object>(
  permission: RoutePermission,
  schema: S,
  errors: readonly DomainErrorCode[] = [],
): { schema: S; config: { permission: RoutePermission } } {
  const byStatus = new Map<number, DomainErrorCode[]>();
  for (const code of new Set([...ALWAYS, ...errors])) {
    const status = problemStatus(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const problems = Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      status,
      { ...ProblemDto, description: `application/problem+json; code: ${codes.join(', ')}` },
    ]),
  );
  const given = schema as { response?: Record<string, unknown>; description?: string };
  const needs =
    permission === 'console' ? 'Needs console access only.' : `Needs the permission \`${permission}\` (SPEC C6).`;
  return {
    schema: {
      ...schema,
      description: given.description ? `${given.description}\n\n${needs}` : needs,
      'x-permission': permission,
      'x-error-codes': [...new Set([...ALWAYS, ...errors])],
      response: { ...problems, ...(given.response ?? {}) },
    } as S,
    config: { permission },
  };
}
