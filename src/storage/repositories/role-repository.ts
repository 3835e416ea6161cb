import type { Kysely } from 'kysely';
import type { RoleDefinition } from '../../core/directory/roles-catalogue.js';
import type { RoleRepository } from '../../core/ports.js';
import type { Dialect } from '../db.js';
import type { Database } from '../schema.js';
import { flatten, insertRoleAssignments, ROLE_ASSIGNMENT_COLUMNS } from './hot-queries.js';

/** The roles catalogue and role assignments. */
export class KyselyRoleRepository implements RoleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async syncCatalogue(roles: readonly RoleDefinition[]): Promise<void> {
    for (const r of roles) {
      const row = {
        id: r.id,
        name: r.name,
        description: r.description,
        scope: r.scope,
        permissions: JSON.stringify(r.permissions),
        limitations: JSON.stringify(r.limitations),
        deprecated: r.deprecated ? 1 : 0,
      };
      await this.db
        .insertInto('roles')
        .values(row)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            name: row.name,
            description: row.description,
            scope: row.scope,
            permissions: row.permissions,
            limitations: row.limitations,
            deprecated: row.deprecated,
          }),
        )
        .execute();
    }
  }

  async rolesOf(tenantId: string, userId: string): Promise<{ roleId: string; source: string }[]> {
    const rows = await this.db
      .selectFrom('role_assignments')
      .select(['role_id', 'source'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .orderBy('role_id')
      .execute();
    return rows.map((r) => ({ roleId: r.role_id, source: r.source }));
  }

  async rolesOfUsers(
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { roleId: string; source: string }[]>> {
    const out = new Map<string, { roleId: string; source: string }[]>();
    for (let i = 0; i < userIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('role_assignments')
        .select(['user_id', 'role_id', 'source'])
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', userIds.slice(i, i + 500))
        .orderBy('user_id')
        .orderBy('role_id')
        .execute();
      for (const r of rows) {
        const list = out.get(r.user_id) ?? [];
        list.push({ roleId: r.role_id, source: r.source });
        out.set(r.user_id, list);
      }
    }
    return out;
  }

  async assignMany(
    tenantId: string,
    grants: readonly { userId: string; roleId: string; source: string }[],
    at: string,
  ): Promise<void> {
    // 100 rows × 5 columns: well under SQLite's bound-parameter cap.
    for (let i = 0; i < grants.length; i += 100) {
      const rows = grants
        .slice(i, i + 100)
        .map((g) => ({ tenant_id: tenantId, user_id: g.userId, role_id: g.roleId, source: g.source, created_at: at }));
      await insertRoleAssignments(this.db, this.dialect, rows.length, ...flatten(ROLE_ASSIGNMENT_COLUMNS, rows));
    }
  }

  async revokeMany(tenantId: string, revokes: readonly { userId: string; roleId: string }[]): Promise<void> {
    // One statement per role (roles are few) over its users, not one per pair.
    const byRole = new Map<string, string[]>();
    for (const r of revokes) {
      const users = byRole.get(r.roleId) ?? [];
      users.push(r.userId);
      byRole.set(r.roleId, users);
    }
    for (const [roleId, users] of byRole) {
      for (let i = 0; i < users.length; i += 500) {
        await this.db
          .deleteFrom('role_assignments')
          .where('tenant_id', '=', tenantId)
          .where('role_id', '=', roleId)
          .where('user_id', 'in', users.slice(i, i + 500))
          .execute();
      }
    }
  }

  async assign(
    tenantId: string,
    userId: string,
    roleIds: readonly string[],
    source: string,
    at: string,
  ): Promise<void> {
    if (roleIds.length === 0) return;
    const rows = roleIds.map((role_id) => ({ tenant_id: tenantId, user_id: userId, role_id, source, created_at: at }));
    await insertRoleAssignments(this.db, this.dialect, rows.length, ...flatten(ROLE_ASSIGNMENT_COLUMNS, rows));
  }

  async revoke(tenantId: string, userId: string, roleIds: readonly string[]): Promise<void> {
    if (roleIds.length === 0) return;
    await this.db
      .deleteFrom('role_assignments')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('role_id', 'in', [...roleIds])
      .execute();
  }

  async replaceRoles(
    tenantId: string,
    userId: string,
    roleIds: readonly string[],
    source: string,
    at: string,
  ): Promise<void> {
    await this.db
      .deleteFrom('role_assignments')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
    if (roleIds.length === 0) return;
    await this.db
      .insertInto('role_assignments')
      .values(roleIds.map((role_id) => ({ tenant_id: tenantId, user_id: userId, role_id, source, created_at: at })))
      .execute();
  }
}
