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
// A sign-in step takes no credential: only its own errors and schema validation.
const ALWAYS_PUBLIC: readonly DomainErrorCode[] = ['input.invalid'];
// Any signed-in caller (the client app too): no permission to lack.
const ALWAYS_SIGNED_IN: readonly DomainErrorCode[] = ['auth.unauthenticated', 'input.invalid'];

const NEEDS: Record<'console' | 'signed_in' | 'public', string> = {
  console: 'Needs console access only.',
  signed_in: 'Needs a session or an API token (console or client app).',
  public: 'Needs no credential (a sign-in step).',
};

/**
 * The route options every admin API route starts from (SPEC C6): the
 * permission it needs, in `config` (the permission hook and tests read it) and as `x-permission`
 * in the schema (OpenAPI shows it), and a problem+json response for the status of each error code
 * it may answer, listing the codes.
 */
export function guarded<S extends object>(
  permission: RoutePermission,
  schema: S,
  errors: readonly DomainErrorCode[] = [],
): { schema: S; config: { permission: RoutePermission } } {
  const always = permission === 'public' ? ALWAYS_PUBLIC : permission === 'signed_in' ? ALWAYS_SIGNED_IN : ALWAYS;
  const codes = [...new Set([...always, ...errors])];
  const byStatus = new Map<number, DomainErrorCode[]>();
  for (const code of codes) {
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
    permission === 'console' || permission === 'signed_in' || permission === 'public'
      ? NEEDS[permission]
      : `Needs the permission \`${permission}\` (SPEC C6).`;
  return {
    schema: {
      ...schema,
      description: given.description ? `${given.description}\n\n${needs}` : needs,
      'x-permission': permission,
      'x-error-codes': codes,
      // OpenAPI: a sign-in step is called without the API's bearer security scheme.
      ...(permission === 'public' ? { security: [] } : {}),
      response: { ...problems, ...(given.response ?? {}) },
    } as S,
    config: { permission },
  };
}
