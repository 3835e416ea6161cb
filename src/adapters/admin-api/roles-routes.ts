import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { mayAssign } from '../../core/auth/assignable-roles.js';
import type { Principal } from '../../core/auth/principal.js';
import { ROLES_CATALOGUE, type RoleDefinition } from '../../core/directory/roles-catalogue.js';
import { principalOf } from '../../http/authentication.js';
import { guarded } from './route-spec.js';

export const RoleDefinitionDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String({ description: "The seed's recommended use case" }),
  scope: Type.Union([
    Type.Literal('all_organizations'),
    Type.Literal('organization_subtree'),
    Type.Literal('assigned_user'),
  ]),
  permissions: Type.Array(Type.String()),
  limitations: Type.Array(Type.String()),
  deprecated: Type.Boolean(),
  assignable: Type.Boolean({
    description: 'Whether the caller may give or take this role (SPEC C6: never more than their own permissions)',
  }),
});

function toRoleDefinitionDto(r: RoleDefinition, caller: Principal): Static<typeof RoleDefinitionDto> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    scope: r.scope,
    permissions: [...r.permissions],
    limitations: [...r.limitations],
    deprecated: r.deprecated ?? false,
    assignable: mayAssign(caller, r.id),
  };
}

/**
 * The roles catalogue (SPEC C1): the same for every tenant, readable by anyone with console access;
 * each role says whether this caller may assign it, so the console offers only those.
 */
export function rolesRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/roles',
    guarded('console', { response: { 200: Type.Object({ roles: Type.Array(RoleDefinitionDto) }) } }),
    async (req) => {
      const caller = principalOf(req);
      return { roles: ROLES_CATALOGUE.map((r) => toRoleDefinitionDto(r, caller)) };
    },
  );
}
