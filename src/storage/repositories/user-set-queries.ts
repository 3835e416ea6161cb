import type { Kysely } from 'kysely';
import type { User } from '../../core/directory/user.js';
import type { Dialect } from '../db.js';
import { padded } from '../prepared-query.js';
import type { Database } from '../schema.js';
import { chunks } from './chunks.js';
import { groupsOfUser } from './hot-queries.js';
import { groupsOfUsersIn } from './page-queries.js';
import { withValues } from './user-values.js';

// The users repository's set-wise reads and writes over a provider's or an organization's users
// (user-repository.ts delegates to these); every statement names the tenant (SPEC: shardable by tenant).

export async function findProviderUserNames(
  db: Kysely<Database>,
  tenantId: string,
  providerId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'user_name'])
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .where('removed_at', 'is', null)
      .where('id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.id, r.user_name);
  }
  return out;
}

export async function countByProvider(db: Kysely<Database>, tenantId: string, providerId: string): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function releaseProviderUsers(
  db: Kysely<Database>,
  tenantId: string,
  providerId: string,
  at: string,
): Promise<number> {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ provider_id: null, updated_at: at, version: eb('version', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function countByOrganization(db: Kysely<Database>, tenantId: string, orgId: string): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function groupsOfUsers(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, { id: string; displayName: string }[]>> {
  const out = new Map<string, { id: string; displayName: string }[]>();
  if (userIds.length === 1) {
    const id = userIds[0] as string;
    out.set(
      id,
      (await groupsOfUser(db, dialect, tenantId, id)).map((r) => ({
        id: r.id,
        displayName: r.display_name,
      })),
    );
    return out;
  }
  for (const part of chunks(userIds)) {
    const list = padded(part);
    for (const r of await groupsOfUsersIn(db, dialect, list.length, tenantId, ...list)) {
      const groups = out.get(r.user_id) ?? [];
      groups.push({ id: r.id, displayName: r.display_name });
      out.set(r.user_id, groups);
    }
  }
  return out;
}

export async function providerUsersAfter(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  providerId: string,
  afterId: string | null,
  limit: number,
): Promise<User[]> {
  let q = db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('provider_id', '=', providerId)
    .where('removed_at', 'is', null);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return withValues(db, dialect, tenantId, await q.orderBy('id').limit(limit).execute());
}

export async function moveToOrganization(
  db: Kysely<Database>,
  tenantId: string,
  providerId: string,
  userIds: readonly string[],
  orgId: string,
  at: string,
): Promise<void> {
  for (const part of chunks(userIds)) {
    // Naming the provider lets SQLite seek users_provider_id (tenant_id, provider_id, id) per id;
    // with tenant_id alone it picks a tenant_id-prefixed index and scans the whole tenant per statement.
    await db
      .updateTable('users')
      .set((eb) => ({ org_id: orgId, updated_at: at, version: eb('version', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', providerId)
      .where('id', 'in', part)
      .execute();
  }
}
