/**
 * The baseline server's storage (bench/baseline-server.ts): the rows Roster keeps for the same
 * traffic — a user row with its profile columns, one row per multi-valued value (emails,
 * addresses), membership rows, a sync-log row per change — written and read with prepared
 * better-sqlite3 statements, one transaction per request, no SCIM logic. Lists page with plain
 * LIMIT/OFFSET on the primary key and count(*) every page, as a bare server would.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export type Body = Record<string, any>;
export interface UserRow {
  id: string;
  user_name: string;
  external_id: string | null;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  title: string | null;
  department: string | null;
  employee_number: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface ValueRow {
  user_id: string;
  attr: string;
  ord: number;
  value: string | null;
  type: string | null;
  is_primary: number;
  street_address: string | null;
  locality: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
}
export interface GroupRef {
  user_id: string;
  id: string;
  display_name: string;
}

export const db = new Database(process.env.DATABASE_URL ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('cache_size = -131072');
db.exec(`
  create table users (id text primary key, user_name text not null, user_name_lower text not null unique, external_id text,
    display_name text, given_name text, family_name text, title text, department text, employee_number text,
    active integer not null, version integer not null, created_at text not null, updated_at text not null);
  create table user_values (user_id text not null references users(id) on delete cascade, attr text not null, ord integer not null,
    value text, value_lower text, type text, is_primary integer not null, street_address text, locality text, region text,
    postal_code text, country text, primary key (user_id, attr, ord));
  create table groups (id text primary key, display_name text not null, display_name_lower text not null unique, external_id text,
    version integer not null, created_at text not null, updated_at text not null);
  create table group_members (group_id text not null references groups(id) on delete cascade, user_id text not null references users(id) on delete cascade,
    created_at text not null, primary key (group_id, user_id));
  create index group_members_user on group_members(user_id);
  create table sync_log (id integer primary key autoincrement, at text not null, user_id text, username text, change_type text not null,
    attribute text, old_value text, new_value text);
`);

const q = {
  userByName: db.prepare<[string], UserRow>('select * from users where user_name_lower = ?'),
  userById: db.prepare<[string], UserRow>('select * from users where id = ?'),
  valuesOf: db.prepare<[string], ValueRow>('select * from user_values where user_id = ? order by attr, ord'),
  groupsOf: db.prepare<[string], GroupRef>(
    'select gm.user_id, g.id, g.display_name from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ? order by g.display_name',
  ),
  pageIds: db.prepare<[number, number], { id: string }>('select id from users order by id limit ? offset ?'),
  countUsers: db.prepare<[], { n: number }>('select count(*) as n from users'),
  insertUser: db.prepare(
    `insert into users values (@id, @userName, @lower, @externalId, @displayName, @given, @family, @title, @department, @employeeNumber, 1, 1, @now, @now)`,
  ),
  insertValue: db.prepare(
    'insert into user_values values (@user_id, @attr, @ord, @value, @value_lower, @type, @is_primary, ' +
      '@street_address, @locality, @region, @postal_code, @country)',
  ),
  setTitle: db.prepare('update users set title = ?, version = version + 1, updated_at = ? where id = ?'),
  setActive: db.prepare('update users set active = ?, version = version + 1, updated_at = ? where id = ?'),
  groupByName: db.prepare<[string], { id: string; display_name: string }>(
    'select id, display_name from groups where display_name_lower = ?',
  ),
  groupById: db.prepare<[string], { id: string; display_name: string; external_id: string | null }>(
    'select id, display_name, external_id from groups where id = ?',
  ),
  membersOf: db.prepare<[string], { id: string; user_name: string }>(
    'select u.id, u.user_name from group_members gm join users u on u.id = gm.user_id where gm.group_id = ? order by u.id',
  ),
  insertGroup: db.prepare('insert into groups values (?, ?, ?, ?, 1, ?, ?)'),
  touchGroup: db.prepare('update groups set version = version + 1, updated_at = ? where id = ?'),
  addMember: db.prepare('insert or ignore into group_members values (?, ?, ?)'),
  removeMember: db.prepare('delete from group_members where group_id = ? and user_id = ?'),
  log: db.prepare(
    'insert into sync_log (at, user_id, username, change_type, attribute, old_value, new_value) values (?, ?, ?, ?, ?, ?, ?)',
  ),
};

export interface FullUser {
  row: UserRow;
  values: ValueRow[];
  groups: GroupRef[];
}

/** A user with its value rows and groups: the three reads Roster does for a GET. */
export function userByName(name: string): FullUser | undefined {
  const row = q.userByName.get(name.toLowerCase());
  return row && { row, values: q.valuesOf.all(row.id), groups: q.groupsOf.all(row.id) };
}
export function userById(id: string): FullUser | undefined {
  const row = q.userById.get(id);
  return row && { row, values: q.valuesOf.all(row.id), groups: q.groupsOf.all(row.id) };
}

/** One page of users in id order, with the total (OFFSET on the primary key, count(*) every page). */
export const usersPage = db.transaction((offset: number, limit: number): { total: number; users: FullUser[] } => {
  const total = q.countUsers.get()?.n ?? 0;
  const users = q.pageIds.all(limit, offset).map((r) => userById(r.id) as FullUser);
  return { total, users };
});

const valueRow = (userId: string, attr: string, ord: number, v: Body): ValueRow & { value_lower: string | null } => ({
  user_id: userId,
  attr,
  ord,
  value: v.value ?? null,
  value_lower: typeof v.value === 'string' ? v.value.toLowerCase() : null,
  type: v.type ?? null,
  is_primary: v.primary ? 1 : 0,
  street_address: v.streetAddress ?? null,
  locality: v.locality ?? null,
  region: v.region ?? null,
  postal_code: v.postalCode ?? null,
  country: v.country ?? null,
});

export const createUser = db.transaction((b: Body): string => {
  const now = new Date().toISOString();
  const id = randomUUID();
  const ent = (b['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] ?? {}) as Body;
  q.insertUser.run({
    id,
    userName: b.userName,
    lower: String(b.userName).toLowerCase(),
    externalId: b.externalId ?? null,
    displayName: b.displayName ?? null,
    given: b.name?.givenName ?? null,
    family: b.name?.familyName ?? null,
    title: b.title ?? null,
    department: ent.department ?? null,
    employeeNumber: ent.employeeNumber ?? null,
    now,
  });
  ((b.emails ?? []) as Body[]).forEach((v, i) => q.insertValue.run(valueRow(id, 'emails', i, v)));
  ((b.addresses ?? []) as Body[]).forEach((v, i) => q.insertValue.run(valueRow(id, 'addresses', i, v)));
  q.log.run(now, id, b.userName, 'Created', 'username', null, b.userName);
  return id;
});

export const patchUser = db.transaction((id: string, ops: Body[]): FullUser | undefined => {
  const now = new Date().toISOString();
  const user = q.userById.get(id);
  if (!user) return undefined;
  for (const op of ops) {
    if (op.path === 'title') q.setTitle.run(String(op.value), now, id);
    else if (op.path === 'active') q.setActive.run(String(op.value).toLowerCase() === 'true' ? 1 : 0, now, id);
    q.log.run(now, id, user.user_name, 'Modified', op.path, null, String(op.value));
  }
  return userById(id);
});

export const createGroup = db.transaction((b: Body): string => {
  const now = new Date().toISOString();
  const id = randomUUID();
  q.insertGroup.run(id, b.displayName, String(b.displayName).toLowerCase(), b.externalId ?? null, now, now);
  q.log.run(now, null, null, 'Created', 'group', null, b.displayName);
  return id;
});

export const groupByName = (name: string) => q.groupByName.get(name.toLowerCase());
export function groupById(id: string) {
  const g = q.groupById.get(id);
  return g && { ...g, members: q.membersOf.all(id) };
}

const REMOVE_PATH = /^members\[value eq "([^"]+)"\]$/i;

/** Entra's member Add (path members, a list of values) and Remove (path members[value eq "…"]). */
export const patchGroup = db.transaction((id: string, ops: Body[]): boolean => {
  const now = new Date().toISOString();
  if (!q.groupById.get(id)) return false;
  for (const op of ops) {
    const kind = String(op.op).toLowerCase();
    if (kind === 'add' && op.path === 'members') {
      for (const m of op.value as Body[])
        if (q.addMember.run(id, m.value, now).changes) q.log.run(now, m.value, null, 'Modified', 'group', null, id);
    } else if (kind === 'remove') {
      const userId = REMOVE_PATH.exec(String(op.path))?.[1];
      if (userId && q.removeMember.run(id, userId).changes) q.log.run(now, userId, null, 'Modified', 'group', id, null);
    }
  }
  q.touchGroup.run(now, id);
  return true;
});
