import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { ROLES_CATALOGUE, type RoleDefinition } from '../../core/directory/roles-catalogue.js';
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
});

function toRoleDefinitionDto(r: RoleDefinition): Static<typeof RoleDefinitionDto> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    scope: r.scope,
    permissions: [...r.permissions],
    limitations: [...r.limitations],
    deprecated: r.deprecated ?? false,
  };
}

/** The roles catalogue (SPEC C1): the same for every tenant, readable by anyone with console access. */
export function rolesRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const body = { roles: ROLES_CATALOGUE.map(toRoleDefinitionDto) };
  api.get(
    '/roles',
    guarded('console', { response: { 200: Type.Object({ roles: Type.Array(RoleDefinitionDto) }) } }),
    async () => body,
  );
}
