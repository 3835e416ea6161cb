import type { ExpressionBuilder, Kysely } from 'kysely';
import { preparedBySize, preparedQuery } from '../prepared-query.js';
import type { Database } from '../schema.js';

/**
 * The statements of a SCIM membership change (PATCH /Groups add or remove members), prepared once
 * like the user statements in hot-queries.ts: building and compiling them with Kysely cost more than
 * running them (bench scim, steady state).
 */

type Db = Kysely<Database>;

export const groupById = preparedQuery((db: Db, tenantId: string, id: string) =>
  db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
);
export const groupByIdForUpdate = preparedQuery((db: Db, tenantId: string, id: string) =>
  db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate(),
);

/** A membership change moves the group's version and meta.lastModified (RFC 7644 §3.14) in one statement. */
export const touchGroup = preparedQuery((db: Db, at: string, tenantId: string, id: string) =>
  db
    .updateTable('groups')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll(),
);
// touchGroup for a group its transaction holds locked (PostgreSQL): the new row is known without
// reading it back, so the statement goes out with the ones behind it (pg-client.ts).
export const touchLockedGroup = preparedQuery(
  (db: Db, at: string, tenantId: string, id: string) =>
    db
      .updateTable('groups')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id),
  { resultUnused: true },
);
// touchGroup sent without waiting for its answer (PostgreSQL): its row arrives before the
// transaction's next statement answers (pg-client.ts), so it is known once the transaction committed.
export const touchGroupQueued = preparedQuery(
  (db: Db, at: string, tenantId: string, id: string) =>
    db
      .updateTable('groups')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll(),
  { resultUnused: true },
);

/** The member's userName, read in the RETURNING clause (both databases allow a subquery there). */
const userNameOfMember = (eb: ExpressionBuilder<Database, 'group_members'>) =>
  eb
    .selectFrom('users as un')
    .select('un.user_name')
    .whereRef('un.tenant_id', '=', 'group_members.tenant_id')
    .whereRef('un.id', '=', 'group_members.user_id')
    .as('user_name');

/**
 * Adds those of the ids that are the provider's live users (SPEC C2: a provider manages only its
 * own users) and not members yet, in one statement: insert-or-ignore on the primary key, so
 * concurrent adds of the same member never conflict. Returns the added members with userNames.
 */
export const insertProviderMembers = preparedBySize(
  (db: Db, size: number, tenantId: string, groupId: string, at: string, providerId: string, ...userIds: string[]) =>
    db
      .insertInto('group_members')
      .columns(['tenant_id', 'group_id', 'user_id', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('users as u')
          .select([
            eb.val(tenantId).as('tenant_id'),
            eb.val(groupId).as('group_id'),
            'u.id',
            eb.val(at).as('created_at'),
          ])
          .where('u.tenant_id', '=', tenantId)
          .where('u.provider_id', '=', providerId)
          .where('u.removed_at', 'is', null)
          .where('u.id', 'in', userIds.slice(0, size)),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'group_id', 'user_id']).doNothing())
      .returning((eb) => ['user_id', userNameOfMember(eb)]),
);

/** Deletes the memberships; returns the removed members with userNames. */
export const deleteMembers = preparedBySize(
  (db: Db, size: number, tenantId: string, groupId: string, ...userIds: string[]) =>
    db
      .deleteFrom('group_members')
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .where('user_id', 'in', userIds.slice(0, size))
      .returning((eb) => ['user_id', userNameOfMember(eb)]),
);

/**
 * One group's members with their userNames, in userName order. A CROSS JOIN with the join
 * condition in WHERE: SQLite then reads group_members first (its key leads with tenant_id,
 * group_id) and sorts the members, where for an inner join its planner preferred walking the
 * tenant's users in userName order to skip the sort, probing each: O(directory) per read, even for
 * an empty group. PostgreSQL plans both forms alike.
 */
export const membersOfGroup = preparedQuery((db: Db, tenantId: string, groupId: string) =>
  db
    .selectFrom('group_members as gm')
    .crossJoin('users as u')
    .whereRef('u.tenant_id', '=', 'gm.tenant_id')
    .whereRef('u.id', '=', 'gm.user_id')
    .select(['gm.group_id', 'gm.user_id', 'u.user_name'])
    .where('gm.tenant_id', '=', tenantId)
    .where('gm.group_id', '=', groupId)
    .orderBy('u.user_name_lower'),
);
