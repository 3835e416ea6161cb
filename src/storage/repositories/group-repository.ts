import type { Kysely } from 'kysely';
import type { Group, GroupMember } from '../../core/directory/group.js';
import type { GroupCollection, GroupField, Page, PageRequest } from '../../core/directory/query.js';
import type { GroupRepository } from '../../core/ports.js';
import type { Dialect } from '../db.js';
import type { Database, GroupsTable } from '../schema.js';
import { DomainError } from '../../core/errors.js';
import { padded } from '../prepared-query.js';
import { isUniqueViolation } from './db-errors.js';
import {
  deleteMembers,
  groupById,
  groupByIdForUpdate,
  insertProviderMembers,
  membersOfGroup,
  touchGroup,
  touchGroupQueued,
  touchLockedGroup,
} from './group-queries.js';
import { lockGroupForMembers, shareGroupForMember } from './lock-queries.js';
import { readPage } from './paging.js';
import { groupPredicateSql, groupSortColumn } from './predicate-sql.js';

const CHUNK = 500;

function toGroup(r: GroupsTable): Group {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    providerId: r.provider_id,
    displayName: r.display_name,
    externalId: r.external_id,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The group of `rows` once they are filled in (an unanswered statement's arrive later: pg-client.ts). */
function firstGroup(rows: readonly GroupsTable[]): () => Group | undefined {
  return () => {
    const [r] = rows;
    return r ? toGroup(r) : undefined;
  };
}

function toRow(g: Group): GroupsTable {
  return {
    id: g.id,
    tenant_id: g.tenantId,
    provider_id: g.providerId,
    display_name: g.displayName,
    display_name_lower: g.displayName.toLowerCase(),
    external_id: g.externalId,
    version: g.version,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
  };
}

// A member row's user_name is null only if its user vanished mid-statement (the foreign key forbids it after).
const toMember = (r: { user_id: string; user_name: string | null }): GroupMember => ({
  userId: r.user_id,
  userName: r.user_name ?? '',
});

/** Groups and memberships; a membership change touches only its own rows. */
export class KyselyGroupRepository implements GroupRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async findById(tenantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<Group | undefined> {
    const byId = opts.forUpdate && this.dialect === 'postgres' ? groupByIdForUpdate : groupById;
    const [r] = await byId(this.db, this.dialect, tenantId, id);
    return r ? toGroup(r) : undefined;
  }

  lockForMembers(tenantId: string, id: string): Promise<() => Group | undefined> {
    return this.readLater(lockGroupForMembers, tenantId, id);
  }

  shareForMember(tenantId: string, id: string): Promise<() => Group | undefined> {
    return this.readLater(shareGroupForMember, tenantId, id);
  }

  /** PostgreSQL: `lock` sent without waiting (its rows arrive with the next answer); SQLite: groupById. */
  private async readLater(lock: typeof lockGroupForMembers, tenantId: string, id: string) {
    // SQLite: one writer at a time, so there is nothing to lock, and the answer is at hand.
    return firstGroup(await (this.dialect === 'postgres' ? lock : groupById)(this.db, this.dialect, tenantId, id));
  }

  async insert(g: Group): Promise<void> {
    try {
      await this.db.insertInto('groups').values(toRow(g)).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('group.name_taken', { displayName: g.displayName });
      throw e;
    }
  }

  async update(g: Group, expectedVersion: number): Promise<boolean> {
    const { id, tenant_id, created_at, provider_id, ...row } = toRow(g);
    void created_at;
    void provider_id;
    try {
      const res = await this.db
        .updateTable('groups')
        .set(row)
        .where('tenant_id', '=', tenant_id)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('group.name_taken', { displayName: g.displayName });
      throw e;
    }
  }

  async touch(tenantId: string, id: string, at: string): Promise<Group | undefined> {
    const [r] = await touchGroup(this.db, this.dialect, at, tenantId, id);
    return r ? toGroup(r) : undefined;
  }

  async touchLocked(tenantId: string, id: string, at: string): Promise<void> {
    // SQLite: the same statement as touch (its answer costs no round trip).
    await (this.dialect === 'postgres' ? touchLockedGroup : touchGroup)(this.db, this.dialect, at, tenantId, id);
  }

  async touchQueued(tenantId: string, id: string, at: string): Promise<() => Group | undefined> {
    // SQLite: touch itself (its answer costs no round trip).
    const touch = this.dialect === 'postgres' ? touchGroupQueued : touchGroup;
    return firstGroup(await touch(this.db, this.dialect, at, tenantId, id));
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.db.deleteFrom('group_members').where('tenant_id', '=', tenantId).where('group_id', '=', id).execute();
    await this.db.deleteFrom('groups').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }

  async listForProvider(
    tenantId: string,
    providerId: string,
    page: PageRequest<GroupField, GroupCollection>,
  ): Promise<Page<Group>> {
    let base = this.db
      .selectFrom('groups')
      .where('groups.tenant_id', '=', tenantId)
      .where('groups.provider_id', '=', providerId);
    if (page.filter) {
      const filter = page.filter;
      base = base.where((eb) => groupPredicateSql(eb, filter, this.dialect));
    }
    let q = base.selectAll('groups');
    // RFC 7644 §3.4.2.3: resources without the sortBy value come last ascending, first descending (PostgreSQL's default; SQLite needs saying).
    if (page.sort) {
      const dir = page.sort.direction;
      q = q.orderBy(groupSortColumn(page.sort.field, this.dialect), (ob) =>
        dir === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsFirst(),
      );
    }
    const { total, rows } = await readPage(
      page,
      async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0),
      (limit, offset) => q.orderBy('groups.id').limit(limit).offset(offset).execute(),
    );
    return { total, items: rows.map(toGroup) };
  }

  async addMembers(
    tenantId: string,
    providerId: string,
    groupId: string,
    userIds: readonly string[],
    at: string,
  ): Promise<GroupMember[]> {
    const added: GroupMember[] = [];
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const part = padded(userIds.slice(i, i + CHUNK));
      const rows = await insertProviderMembers(
        this.db,
        this.dialect,
        part.length,
        tenantId,
        groupId,
        at,
        providerId,
        ...part,
      );
      added.push(...rows.map(toMember));
    }
    return added;
  }

  async removeMembers(tenantId: string, groupId: string, userIds: readonly string[]): Promise<GroupMember[]> {
    const removed: GroupMember[] = [];
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const part = padded(userIds.slice(i, i + CHUNK));
      const rows = await deleteMembers(this.db, this.dialect, part.length, tenantId, groupId, ...part);
      removed.push(...rows.map(toMember));
    }
    return removed;
  }

  async members(tenantId: string, groupId: string): Promise<GroupMember[]> {
    return (await membersOfGroup(this.db, this.dialect, tenantId, groupId)).map(toMember);
  }

  async membersOf(tenantId: string, groupIds: readonly string[]): Promise<Map<string, GroupMember[]>> {
    const out = new Map<string, GroupMember[]>(groupIds.map((id) => [id, []]));
    for (let i = 0; i < groupIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('group_members as gm')
        // Members first, as in membersOfGroup (group-queries.ts): never the tenant's users in name order.
        .crossJoin('users as u')
        .whereRef('u.tenant_id', '=', 'gm.tenant_id')
        .whereRef('u.id', '=', 'gm.user_id')
        .select(['gm.group_id', 'gm.user_id', 'u.user_name'])
        .where('gm.tenant_id', '=', tenantId)
        .where('gm.group_id', 'in', groupIds.slice(i, i + CHUNK))
        .orderBy('gm.group_id')
        .orderBy('u.user_name_lower')
        .execute();
      for (const r of rows) out.get(r.group_id)?.push({ userId: r.user_id, userName: r.user_name });
    }
    return out;
  }
}
