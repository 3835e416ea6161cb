// Where each field of the core query model lives in the tables (migrations/2026-11-23-0001), as the
// SCIM attribute registry says. Timestamps are Date.prototype.toISOString() text, so text order is time order.
import { sql, type RawBuilder } from 'kysely';
import type { FieldKind, GroupField, MultiField, UserField } from '../../core/directory/query.js';
import type { Dialect } from '../db.js';
import { GROUP_VOCABULARY, USER_VOCABULARY, type FieldDef } from '../../core/scim-schema/filter-vocabulary.js';

/**
 * A column a predicate compares. `lowered` columns hold `String.prototype.toLowerCase()` of
 * the value (written by the mappers), so values are lower-cased in JS and the column's index
 * is usable; `absent` marks a sub-field a collection does not store (never matches).
 */
export type Column =
  | { ref: string; kind: FieldKind; lowered?: boolean; orElse?: string; json?: string; absent?: undefined }
  | { absent: true };

/**
 * The SQL a present column stands for: its column, with `orElse` the first of the two that is not
 * null, with `json` that key of the JSON object the column holds (text on both dialects).
 */
export function columnSql(col: Extract<Column, { ref: string }>, dialect: Dialect): RawBuilder<unknown> {
  if (col.json !== undefined)
    return dialect === 'postgres'
      ? sql`(${sql.ref(col.ref)}::jsonb ->> ${col.json})`
      : sql`json_extract(${sql.ref(col.ref)}, ${`$."${col.json}"`})`;
  return col.orElse ? sql`coalesce(${sql.ref(col.ref)}, ${sql.ref(col.orElse)})` : sql.ref(col.ref);
}

const text = (ref: string): Column => ({ ref, kind: 'string' });
const ciLowered = (ref: string): Column => ({ ref, kind: 'ci-string', lowered: true });
const ABSENT: Column = { absent: true };

// A field's column, from where the attribute registry says it is kept (core/scim-schema).
function columnOf(table: string, f: FieldDef): Column {
  const s = f.storage;
  switch (s.in) {
    case 'column':
      // A lower-cased copy (userName, displayName) is compared instead, and its index used (caseExact false).
      return s.lowerColumn
        ? { ref: `${table}.${s.lowerColumn}`, kind: f.kind, lowered: true }
        : { ref: `${table}.${s.column}`, kind: f.kind };
    case 'json':
      // Extension attributes without a column of their own: a key of users.attributes (migration 0015).
      return { ref: `${table}.attributes`, kind: f.kind, json: f.path };
    case 'state':
      // A pending manager (SPEC C2 beyond) is what the resource shows as manager.value, so filters see it too.
      return { ref: `${table}.${s.column}`, kind: f.kind, ...(s.orElse ? { orElse: `${table}.${s.orElse}` } : {}) };
    default:
      return ABSENT;
  }
}

const columnsOf = (table: string, fields: Iterable<FieldDef>): ReadonlyMap<string, Column> =>
  new Map([...fields].map((f) => [f.path, columnOf(table, f)]));

/** users columns of every user field. */
export const USER_COLUMNS: ReadonlyMap<UserField, Column> = columnsOf('users', USER_VOCABULARY.fields.values());

/** groups columns of every group field. */
export const GROUP_COLUMNS: ReadonlyMap<GroupField, Column> = columnsOf('groups', GROUP_VOCABULARY.fields.values());

/** user_values (alias `v`) columns of the sub-fields of emails, phoneNumbers, addresses, … */
export const USER_VALUE_COLUMNS: ReadonlyMap<MultiField, Column> = columnsOf(
  'v',
  [...USER_VOCABULARY.collections.values()].filter((c) => c.storage.in === 'values').flatMap((c) => c.subs),
);

/** The column of `field`, or absent when the resource does not store it (never matches). */
export const columnIn = (columns: ReadonlyMap<string, Column>, field: string): Column => columns.get(field) ?? ABSENT;

const onlyValueAndDisplay = (value: Column, display: Column): ReadonlyMap<MultiField, Column> =>
  new Map([
    ['value', value],
    ['display', display],
  ]);

/** A user's groups (group_members `gm` joined to groups `g`): value = group id (caseExact), display = name. */
export const USER_GROUP_COLUMNS = onlyValueAndDisplay(text('g.id'), ciLowered('g.display_name_lower'));

/** A group's members (group_members `gm` joined to users `u`): value = user id (caseExact), display = userName. */
export const GROUP_MEMBER_COLUMNS = onlyValueAndDisplay(text('gm.user_id'), ciLowered('u.user_name_lower'));
