import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { USER_PAGE, type UserAdminService } from '../../core/directory/user-admin-service.js';
import { DomainError } from '../../core/errors.js';
import type { UserLifecycleService } from '../../core/lifecycle/user-lifecycle-service.js';
import type { User } from '../../core/directory/user.js';
import type { Permission } from '../../core/directory/roles-catalogue.js';
import { principalOf } from '../../http/authentication.js';
import type { Principal } from '../../core/auth/principal.js';
import type { MfaService } from '../../core/auth/mfa-service.js';
import { guarded } from './route-spec.js';
import {
  decodeUserCursor,
  encodeUserCursor,
  RoleDto,
  toRoleDto,
  toUserDetailDto,
  toUserSummaryDto,
  UserDetailDto,
  UserPageDto,
  UserSummaryDto,
  userToSummaryDto,
} from './user-dto.js';
import { IdParams } from './dto.js';

export interface UsersRouteDeps {
  users: UserAdminService;
  lifecycle: UserLifecycleService;
  mfa: MfaService;
}

const ListQuery = Type.Object(
  {
    userName: Type.Optional(Type.String({ maxLength: 320, description: 'Username prefix, case-insensitive' })),
    orgId: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('blocked'), Type.Literal('deactivated')])),
    providerId: Type.Optional(Type.String({ maxLength: 200, description: 'Owning provider id, or "local"' })),
    limit: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,6}$',
        description: `Page size, 1 to ${USER_PAGE.maxSize} (default ${USER_PAGE.defaultSize})`,
      }),
    ),
    cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

type Action = (actor: Principal, userId: string) => Promise<User>;

/** Users: list and search with keyset cursors, detail, lifecycle actions, organization and manual roles. */
export function usersRoutes(app: FastifyInstance, deps: UsersRouteDeps): void {
  userReadRoutes(app, deps);
  userLifecycleRoutes(app, deps.lifecycle);
  userAssignmentRoutes(app, deps.users);
}

/** The user list (search, keyset cursors) and one user's detail. */
function userReadRoutes(app: FastifyInstance, deps: UsersRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { users, lifecycle } = deps;

  api.get('/users', guarded('users.read', { querystring: ListQuery, response: { 200: UserPageDto } }), async (req) => {
    const p = principalOf(req);
    const q = req.query;
    const limit = q.limit === undefined ? USER_PAGE.defaultSize : Number(q.limit);
    if (limit < 1 || limit > USER_PAGE.maxSize)
      throw new DomainError('input.invalid', { field: 'limit', reason: `must be from 1 to ${USER_PAGE.maxSize}` });
    let after;
    if (q.cursor !== undefined) {
      const decoded = decodeUserCursor(q.cursor);
      if (!decoded.ok) throw new DomainError('input.invalid', { field: 'cursor', reason: decoded.error });
      after = decoded.value;
    }
    const filter = {
      ...(q.userName !== undefined ? { userNamePrefix: q.userName } : {}),
      ...(q.orgId !== undefined ? { orgId: q.orgId } : {}),
      ...(q.status !== undefined ? { status: q.status } : {}),
      ...(q.providerId !== undefined ? { providerId: q.providerId } : {}),
    };
    const page = await users.search(p, filter, limit, after);
    return { users: page.users.map(toUserSummaryDto), nextCursor: page.next ? encodeUserCursor(page.next) : null };
  });

  api.get(
    '/users/:id',
    guarded('users.read', { params: IdParams, response: { 200: UserDetailDto } }, ['user.not_found']),
    async (req) => {
      const p = principalOf(req);
      const view = await lifecycle.view(p, req.params.id);
      const mfa = await deps.mfa.userStatus(p.tenantId, view.user);
      const managedBy = await users.managedBy(p, view.user);
      return toUserDetailDto(view, await users.roles(p, req.params.id), mfa, managedBy);
    },
  );
}

/** Block, unblock, deactivate, reactivate (SPEC C4): one POST each. */
function userLifecycleRoutes(app: FastifyInstance, lifecycle: UserLifecycleService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const actions: [string, Permission, Action][] = [
    ['block', 'users.update', (t, u) => lifecycle.block(t, u)],
    ['unblock', 'users.update', (t, u) => lifecycle.unblock(t, u)],
    ['deactivate', 'users.create_deactivate', (t, u) => lifecycle.deactivate(t, u)],
    ['reactivate', 'users.create_deactivate', (t, u) => lifecycle.reactivate(t, u)],
  ];
  for (const [name, permission, action] of actions) {
    api.post(
      `/users/:id/${name}`,
      guarded(permission, { params: IdParams, response: { 200: UserSummaryDto } }, [
        'user.not_found',
        'user.on_legal_hold',
        'precondition.failed',
      ]),
      async (req) => userToSummaryDto(await action(principalOf(req), req.params.id)),
    );
  }
}

/** Where a user sits and what they may do: their organization and their manual roles. */
function userAssignmentRoutes(app: FastifyInstance, users: UserAdminService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.put(
    '/users/:id/organization',
    guarded(
      'users.update',
      {
        params: IdParams,
        body: Type.Object({ orgId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: UserSummaryDto },
      },
      ['user.not_found', 'organization.not_found', 'user.organization_managed', 'precondition.failed'],
    ),
    async (req) => userToSummaryDto(await users.moveToOrganization(principalOf(req), req.params.id, req.body.orgId)),
  );

  api.put(
    '/users/:id/roles',
    guarded(
      'users.update',
      {
        description: 'A role can be given or taken only by a caller who holds its permissions at its scope',
        params: IdParams,
        body: Type.Object(
          {
            roleIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
              maxItems: 100,
              description: 'Catalogue role ids; replaces every role the user holds',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ roles: Type.Array(RoleDto) }) },
      },
      ['user.not_found', 'user.roles_managed'],
    ),
    async (req) => ({
      roles: (await users.setRoles(principalOf(req), req.params.id, req.body.roleIds)).map(toRoleDto),
    }),
  );
}
