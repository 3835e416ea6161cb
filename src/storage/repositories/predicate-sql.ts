// The core query model (core/directory/query.ts) as Kysely expressions, so that SCIM filters
// (RFC 7644 §3.4.2.2) run in the database on SQLite and PostgreSQL alike, never in memory
// (SPEC C2). The outer query must select from `users` / `groups` without an alias: the
// `some` subqueries are correlated on `users.id` / `groups.id`.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type {
  GroupCollection,
  GroupField,
  GroupPredicate,
  MultiField,
  Predicate,
  UserCollection,
  UserField,
  UserPredicate,
} from '../../core/directory/query.js';
import type { Dialect } from '../db.js';
import type { Database } from '../schema.js';
import {
  GROUP_COLUMNS,
  GROUP_MEMBER_COLUMNS,
  USER_COLUMNS,
  USER_GROUP_COLUMNS,
  USER_VALUE_COLUMNS,
  columnIn,
  columnSql,
  type Column,
} from './predicate-columns.js';
import { FALSE, TRUE, ciLower, compareSql, presentSql } from './predicate-compare.js';

type ElementPredicate = Predicate<MultiField, never>;

/** How one resource's fields and collections become SQL. */
interface Target<F extends string, C extends string> {
  column(field: F): Column;
  some(collection: C, where: ElementPredicate): Expression<SqlBool>;
  dialect: Dialect;
}

/** A user predicate as a condition on `users` (tenant and provider are scoped by the caller). */
export function userPredicateSql(
  eb: ExpressionBuilder<Database, 'users'>,
  p: UserPredicate,
  dialect: Dialect,
): Expression<SqlBool> {
  return predicateSql(p, {
    column: (f) => columnIn(USER_COLUMNS, f),
    some: (c, where) => userCollectionSql(eb, c, where, dialect),
    dialect,
  });
}

/** A group predicate as a condition on `groups` (tenant and provider are scoped by the caller). */
export function groupPredicateSql(
  eb: ExpressionBuilder<Database, 'groups'>,
  p: GroupPredicate,
  dialect: Dialect,
): Expression<SqlBool> {
  return predicateSql(p, {
    column: (f) => columnIn(GROUP_COLUMNS, f),
    some: (c, where) => groupMembersSql(eb, c, where, dialect),
    dialect,
  });
}

/** The expression to order users by for `field` (RFC 7644 §3.4.2.3; caseExact false sorts case-insensitively). */
export function userSortColumn(field: UserField, dialect: Dialect): RawBuilder<unknown> {
  return sortExpression(columnIn(USER_COLUMNS, field), dialect);
}

/** The expression to order groups by for `field` (RFC 7644 §3.4.2.3). */
export function groupSortColumn(field: GroupField, dialect: Dialect): RawBuilder<unknown> {
  return sortExpression(columnIn(GROUP_COLUMNS, field), dialect);
}

function sortExpression(col: Column, dialect: Dialect): RawBuilder<unknown> {
  if (col.absent) return sql`null`;
  return col.kind === 'ci-string' && !col.lowered ? ciLower(columnSql(col, dialect), dialect) : columnSql(col, dialect);
}

function predicateSql<F extends string, C extends string>(p: Predicate<F, C>, t: Target<F, C>): Expression<SqlBool> {
  switch (p.kind) {
    case 'compare':
      return compareSql(t.column(p.field), p.op, p.value, t.dialect);
    case 'present':
      return presentSql(t.column(p.field), t.dialect);
    case 'and':
    case 'or': {
      if (p.items.length === 0) return p.kind === 'and' ? TRUE : FALSE;
      const joiner = p.kind === 'and' ? sql` and ` : sql` or `;
      return sql<SqlBool>`(${sql.join(
        p.items.map((item) => predicateSql(item, t)),
        joiner,
      )})`;
    }
    case 'not':
      // A comparison with an absent attribute is SQL null, i.e. false (RFC 7644 §3.4.2.2);
      // coalesce keeps `not` two-valued so that it then matches.
      return sql<SqlBool>`not coalesce(${predicateSql(p.item, t)}, false)`;
    case 'some':
      return t.some(p.collection, p.where);
    case 'const':
      return p.value ? TRUE : FALSE;
  }
}

function elementSql(
  where: ElementPredicate,
  columns: ReadonlyMap<MultiField, Column>,
  dialect: Dialect,
): Expression<SqlBool> {
  return predicateSql<MultiField, never>(where, {
    column: (f) => columnIn(columns, f),
    some: () => {
      throw new Error('nested collection predicates are not supported');
    },
    dialect,
  });
}

// Subqueries join on ids only: the outer query already names the tenant and the provider
// (STYLE habit 4). user_values also matches on tenant_id so that its (tenant_id, attr,
// value_lower) index can serve `emails.value eq …` lookups (research §1.3 matching).
function userCollectionSql(
  eb: ExpressionBuilder<Database, 'users'>,
  collection: UserCollection,
  where: ElementPredicate,
  dialect: Dialect,
): Expression<SqlBool> {
  if (collection === 'groups') {
    return eb.exists(
      eb
        .selectFrom('group_members as gm')
        .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'gm.tenant_id').onRef('g.id', '=', 'gm.group_id'))
        .select(sql<number>`1`.as('one'))
        .whereRef('gm.tenant_id', '=', 'users.tenant_id')
        .whereRef('gm.user_id', '=', 'users.id')
        .where(elementSql(where, USER_GROUP_COLUMNS, dialect)),
    );
  }
  return eb.exists(
    eb
      .selectFrom('user_values as v')
      .select(sql<number>`1`.as('one'))
      .whereRef('v.tenant_id', '=', 'users.tenant_id')
      .whereRef('v.user_id', '=', 'users.id')
      .where('v.attr', '=', collection)
      .where(elementSql(where, USER_VALUE_COLUMNS, dialect)),
  );
}

function groupMembersSql(
  eb: ExpressionBuilder<Database, 'groups'>,
  collection: GroupCollection,
  where: ElementPredicate,
  dialect: Dialect,
): Expression<SqlBool> {
  void collection; // 'members' is the only group collection
  return eb.exists(
    eb
      .selectFrom('group_members as gm')
      .innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'gm.tenant_id').onRef('u.id', '=', 'gm.user_id'))
      .select(sql<number>`1`.as('one'))
      .whereRef('gm.tenant_id', '=', 'groups.tenant_id')
      .whereRef('gm.group_id', '=', 'groups.id')
      .where(elementSql(where, GROUP_MEMBER_COLUMNS, dialect)),
  );
}
