import type { Kysely } from 'kysely';
import { preparedBySize } from '../prepared-query.js';
import type { Database } from '../schema.js';

/**
 * The three reads behind every page of users (GET /Users, 100 at a time in an IdP's import walk):
 * rows, multi-valued attributes and groups of a list of user ids, prepared per padded list length
 * (prepared-query.ts `padded`). Built with Kysely for each page, the 100-id IN lists cost about as
 * much to compile as to run (bench scim, page walk).
 */

type Db = Kysely<Database>;

export const usersIn = preparedBySize((db: Db, size: number, tenantId: string, ...ids: string[]) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids.slice(0, size)),
);

export const valuesOfUsersIn = preparedBySize((db: Db, size: number, tenantId: string, ...ids: string[]) =>
  db
    .selectFrom('user_values')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', ids.slice(0, size))
    .orderBy('user_id')
    .orderBy('attr')
    .orderBy('ord'),
);

export const groupsOfUsersIn = preparedBySize((db: Db, size: number, tenantId: string, ...ids: string[]) =>
  db
    .selectFrom('group_members as gm')
    .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'gm.tenant_id').onRef('g.id', '=', 'gm.group_id'))
    .select(['gm.user_id', 'g.id', 'g.display_name'])
    .where('gm.tenant_id', '=', tenantId)
    .where('gm.user_id', 'in', ids.slice(0, size))
    .orderBy('g.display_name'),
);
