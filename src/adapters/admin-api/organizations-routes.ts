import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OrganizationService } from '../../core/directory/organization-service.js';
import { principalOf } from '../../http/authentication.js';
import { IdParams, OrganizationDto, OrganizationTreeDto, toOrganizationDto, toOrganizationTreeDto } from './dto.js';
import { guarded } from './route-spec.js';

const ChangesBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Needs settings.update' })),
    parentId: Type.Optional(
      Type.String({ description: 'Moves the organization; needs organizations.create_deactivate over both' }),
    ),
    defaultRoles: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 100,
        description: 'Catalogue role ids for users who receive no mapped roles; needs settings.update',
      }),
    ),
    coldStorageDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: "How long a deactivated user's archives are kept; needs settings.update",
      }),
    ),
    settings: Type.Optional(
      Type.Object(
        {
          mfaRequired: Type.Optional(
            Type.Union([Type.Boolean(), Type.Null()], {
              description: 'Local users must use MFA (SPEC C6); null inherits from the parent; needs settings.update',
            }),
          ),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Organizations (SPEC C1): the tree, as far as the caller's scope reaches (SPEC C6). */
export function organizationsRoutes(app: FastifyInstance, deps: { organizations: OrganizationService }): void {
  organizationCollectionRoutes(app, deps.organizations);
  organizationItemRoutes(app, deps.organizations);
}

/** The tree, and creating an organization in it. */
function organizationCollectionRoutes(app: FastifyInstance, organizations: OrganizationService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/organizations',
    guarded('organizations.read', {
      description: "The organization tree; an organization-scoped caller sees their organization's subtree",
      response: { 200: Type.Object({ organizations: Type.Array(OrganizationTreeDto) }) },
    }),
    async (req) => {
      const p = principalOf(req);
      const [tree, effective] = await Promise.all([organizations.tree(p), organizations.effective(p)]);
      return { organizations: tree.map((n) => toOrganizationTreeDto(n, effective)) };
    },
  );

  api.post(
    '/organizations',
    guarded(
      'organizations.create_deactivate',
      {
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), parentId: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        response: { 201: OrganizationDto },
      },
      ['organization.not_found', 'organization.name_taken'],
    ),
    async (req, reply) => {
      const org = await organizations.create(principalOf(req), {
        name: req.body.name,
        parentId: req.body.parentId ?? null,
      });
      return reply.code(201).send(toOrganizationDto(org, await organizations.effective(principalOf(req))));
    },
  );
}

/** One organization: read, change (move, rename, settings), delete. */
function organizationItemRoutes(app: FastifyInstance, organizations: OrganizationService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/organizations/:id',
    guarded('organizations.read', { params: IdParams, response: { 200: OrganizationDto } }, ['organization.not_found']),
    async (req) => {
      const org = await organizations.get(principalOf(req), req.params.id);
      return toOrganizationDto(org, await organizations.effective(principalOf(req)));
    },
  );

  // One command checks every part (move, name, settings) before anything is written.
  api.patch(
    '/organizations/:id',
    guarded('console', { params: IdParams, body: ChangesBody, response: { 200: OrganizationDto } }, [
      'organization.not_found',
      'organization.name_taken',
      'organization.cycle',
      'organization.root_immutable',
    ]),
    async (req) => {
      const org = await organizations.update(principalOf(req), req.params.id, req.body);
      return toOrganizationDto(org, await organizations.effective(principalOf(req)));
    },
  );

  api.delete(
    '/organizations/:id',
    guarded('organizations.create_deactivate', { params: IdParams }, [
      'organization.not_found',
      'organization.root_immutable',
      'organization.in_use',
    ]),
    async (req, reply) => {
      await organizations.delete(principalOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
}
