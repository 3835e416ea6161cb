import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. Every tenant table is keyed by tenant (docs/scaling.md): its primary key, its unique
// indexes and the foreign keys between tenant tables lead with tenant_id, the distribution column
// that Citus-style engines require in each of them to place a tenant's rows, and the joins between
// them, on one shard. `tenants` and the `roles` catalogue stay global (reference tables).
//
// Besides the tables below, any table with a foreign key to one of them is found in the catalogue
// and its key becomes (tenant_id, …) too, so tables added by other migrations keep a valid parent
// key. PostgreSQL alters keys in place; SQLite cannot alter a primary key or a foreign key, so each
// table is rebuilt (create, copy, drop, rename, indexes) in one transaction with foreign-key
// enforcement off, and checked with `foreign_key_check` before the commit.
//
// sync_log keeps SQLite's INTEGER PRIMARY KEY: it is how SQLite numbers rows, and SQLite is never
// sharded; on PostgreSQL its key becomes (tenant_id, id).

/** New primary key of each tenant table (the old one is the same without tenant_id). */
const KEYS: Record<string, string[]> = {
  organizations: ['tenant_id', 'id'],
  providers: ['tenant_id', 'id'],
  users: ['tenant_id', 'id'],
  user_values: ['tenant_id', 'user_id', 'attr', 'ord'],
  role_assignments: ['tenant_id', 'user_id', 'role_id'],
  groups: ['tenant_id', 'id'],
  group_members: ['tenant_id', 'group_id', 'user_id'],
  api_tokens: ['tenant_id', 'id'],
  timers: ['tenant_id', 'id'],
  devices: ['tenant_id', 'id'],
  archives: ['tenant_id', 'id'],
  legal_hold_matters: ['tenant_id', 'id'],
  legal_hold_custodians: ['tenant_id', 'matter_id', 'user_id'],
};
const PG_ONLY_KEYS: Record<string, string[]> = { sync_log: ['tenant_id', 'id'] };

/** Secondary indexes that lead with tenant_id from now on: [name, table, old columns, new columns, unique]. */
const INDEXES: [string, string, string[], string[], boolean][] = [
  ['group_members_user', 'group_members', ['user_id'], ['tenant_id', 'user_id'], false],
  ['archives_device', 'archives', ['device_id'], ['tenant_id', 'device_id'], false],
];
// Credentials find their tenant: a SCIM request names only its provider, an API call only its
// token. Those two lookups are the deliberate cross-tenant reads (docs/scaling.md); they keep an
// index on the bare column. A token hash stays unique per tenant (a 256-bit hash never repeats).
const CREDENTIAL_INDEXES: [string, string, string[]][] = [
  ['providers_id', 'providers', ['id']],
  ['api_tokens_token_hash', 'api_tokens', ['token_hash']],
];
const TOKEN_UNIQUE = 'api_tokens_tenant_token_hash';

type Direction = 'up' | 'down';

const strip = (cols: string[]): string[] => cols.filter((c) => c !== 'tenant_id');
const ids = (cols: string[]) =>
  sql.join(
    cols.map((c) => sql.id(c)),
    sql`, `,
  );

/** A foreign key between tenant tables: with tenant_id on both sides going up, without going down. */
function rekey(
  fk: { cols: string[]; refCols: string[] },
  direction: Direction,
  hasTenant: boolean,
): { cols: string[]; refCols: string[] } {
  if (direction === 'down') {
    if (fk.cols[0] === 'tenant_id' && fk.refCols[0] === 'tenant_id' && fk.cols.length > 1)
      return { cols: strip(fk.cols), refCols: strip(fk.refCols) };
    return fk;
  }
  if (!hasTenant || fk.cols.includes('tenant_id')) return fk;
  return { cols: ['tenant_id', ...fk.cols], refCols: ['tenant_id', ...fk.refCols] };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await (isPostgres(db) ? postgres(db, 'up') : sqlite(db, 'up'));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await (isPostgres(db) ? postgres(db, 'down') : sqlite(db, 'down'));
}

// ---------------------------------------------------------------------------------- PostgreSQL

interface PgForeignKey {
  name: string;
  table: string;
  cols: string[];
  refTable: string;
  refCols: string[];
  onDelete: string;
  onUpdate: string;
  hasTenant: boolean;
}

const PG_ACTIONS: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

async function pgForeignKeys(db: Kysely<unknown>, tables: string[]): Promise<PgForeignKey[]> {
  const { rows } = await sql<{
    name: string;
    table: string;
    cols: string[];
    ref_table: string;
    ref_cols: string[];
    on_delete: string;
    on_update: string;
    has_tenant: boolean;
  }>`
    select c.conname as name, t.relname as table, r.relname as ref_table,
      c.confdeltype as on_delete, c.confupdtype as on_update,
      array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as cols,
      array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as ref_cols,
      exists(select 1 from pg_attribute a where a.attrelid = c.conrelid and a.attname = 'tenant_id'
             and not a.attisdropped) as has_tenant
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_class r on r.oid = c.confrelid
    join pg_namespace n on n.oid = r.relnamespace
    where c.contype = 'f' and n.nspname = current_schema() and r.relname in (${sql.join(tables)})
    order by t.relname, c.conname`.execute(db);
  return rows.map((r) => ({
    name: r.name,
    table: r.table,
    cols: r.cols,
    refTable: r.ref_table,
    refCols: r.ref_cols,
    onDelete: r.on_delete,
    onUpdate: r.on_update,
    hasTenant: r.has_tenant,
  }));
}

async function pgPrimaryKeyName(db: Kysely<unknown>, table: string): Promise<string> {
  const { rows } = await sql<{ name: string }>`
    select c.conname as name from pg_constraint c join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'p' and t.relname = ${table} and n.nspname = current_schema()`.execute(db);
  const name = rows[0]?.name;
  if (!name) throw new Error(`table ${table} has no primary key`);
  return name;
}

async function postgres(db: Kysely<unknown>, direction: Direction): Promise<void> {
  const keys = { ...KEYS, ...PG_ONLY_KEYS };
  const fks = await pgForeignKeys(db, Object.keys(keys));
  // Foreign keys depend on the parent's key: drop them first, re-create them on the new keys last.
  for (const fk of fks) await sql`alter table ${sql.id(fk.table)} drop constraint ${sql.id(fk.name)}`.execute(db);
  for (const [table, key] of Object.entries(keys)) {
    const name = await pgPrimaryKeyName(db, table);
    const cols = direction === 'up' ? key : strip(key);
    await sql`alter table ${sql.id(table)} drop constraint ${sql.id(name)}`.execute(db);
    await sql`alter table ${sql.id(table)} add constraint ${sql.id(name)} primary key (${ids(cols)})`.execute(db);
  }
  await rebuildIndexes(db, direction);
  if (direction === 'up') {
    // Absent when 0010-api-tokens (which runs first) rebuilt the table without it.
    await sql`alter table api_tokens drop constraint if exists api_tokens_token_hash_key`.execute(db);
  } else {
    await sql`alter table api_tokens add constraint api_tokens_token_hash_key unique (token_hash)`.execute(db);
  }
  for (const fk of fks) {
    const { cols, refCols } = rekey(fk, direction, fk.hasTenant);
    // A composite key set to NULL on delete must leave tenant_id alone (PostgreSQL 15 column lists).
    const onDelete =
      fk.onDelete === 'n' && cols.length > 1 ? `set null (${strip(cols).join(', ')})` : PG_ACTIONS[fk.onDelete];
    await sql`alter table ${sql.id(fk.table)} add constraint ${sql.id(fk.name)}
      foreign key (${ids(cols)}) references ${sql.id(fk.refTable)} (${ids(refCols)})
      on delete ${sql.raw(onDelete ?? 'no action')} on update ${sql.raw(PG_ACTIONS[fk.onUpdate] ?? 'no action')}`.execute(
      db,
    );
  }
}

/** The index changes both dialects share, applied after the tables have their new keys. */
async function rebuildIndexes(db: Kysely<unknown>, direction: Direction): Promise<void> {
  for (const [name, table, oldCols, newCols, unique] of INDEXES) {
    await sql`drop index if exists ${sql.id(name)}`.execute(db);
    const cols = direction === 'up' ? newCols : oldCols;
    await sql`create ${sql.raw(unique ? 'unique ' : '')}index ${sql.id(name)} on ${sql.id(table)} (${ids(cols)})`.execute(
      db,
    );
  }
  for (const [name, table, cols] of CREDENTIAL_INDEXES) {
    if (direction === 'up') await sql`create index ${sql.id(name)} on ${sql.id(table)} (${ids(cols)})`.execute(db);
    else await sql`drop index if exists ${sql.id(name)}`.execute(db);
  }
  if (direction === 'up')
    await sql`create unique index ${sql.id(TOKEN_UNIQUE)} on api_tokens (tenant_id, token_hash)`.execute(db);
  else await sql`drop index if exists ${sql.id(TOKEN_UNIQUE)}`.execute(db);
}

// -------------------------------------------------------------------------------------- SQLite

interface SqliteColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}
interface SqliteForeignKey {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string;
  on_update: string;
  on_delete: string;
}

async function sqliteTables(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** The CREATE TABLE of `table` under the name `target`, with its key and foreign keys re-keyed. */
async function sqliteDefinition(
  db: Kysely<unknown>,
  table: string,
  target: string,
  direction: Direction,
): Promise<{ ddl: string; columns: string[] }> {
  const columns = (await sql<SqliteColumn>`select * from pragma_table_info(${table})`.execute(db)).rows;
  const hasTenant = columns.some((c) => c.name === 'tenant_id');
  const known = KEYS[table];
  const currentKey = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const key = known ? (direction === 'up' ? known : strip(known)) : currentKey;
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const parts = columns.map(
    (c) =>
      `${q(c.name)} ${c.type}${c.notnull ? ' not null' : ''}${c.dflt_value !== null ? ` default ${c.dflt_value}` : ''}`,
  );
  parts.push(`primary key (${key.map(q).join(', ')})`);
  const fkRows = (await sql<SqliteForeignKey>`select * from pragma_foreign_key_list(${table})`.execute(db)).rows;
  const byId = new Map<number, SqliteForeignKey[]>();
  for (const r of fkRows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  for (const group of byId.values()) {
    group.sort((a, b) => a.seq - b.seq);
    const first = group[0] as SqliteForeignKey;
    let fk = { cols: group.map((g) => g.from), refCols: group.map((g) => g.to) };
    if (first.table in KEYS) fk = rekey(fk, direction, hasTenant);
    parts.push(
      `foreign key (${fk.cols.map(q).join(', ')}) references ${q(first.table)} (${fk.refCols.map(q).join(', ')})` +
        ` on delete ${first.on_delete.toLowerCase()} on update ${first.on_update.toLowerCase()}`,
    );
  }
  return { ddl: `create table ${q(target)} (${parts.join(', ')})`, columns: columns.map((c) => c.name) };
}

/** Indexes rebuildIndexes creates itself, in one direction or the other. */
const OWN_INDEXES = new Set([
  ...INDEXES.map(([name]) => name),
  ...CREDENTIAL_INDEXES.map(([name]) => name),
  TOKEN_UNIQUE,
  'api_tokens_token_hash_key',
]);

/** Indexes to re-create after a rebuild: explicit ones by their SQL, column UNIQUE constraints by their columns. */
async function sqliteIndexes(db: Kysely<unknown>, table: string): Promise<string[]> {
  const explicit = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
  const out = explicit.rows.filter((r) => !OWN_INDEXES.has(r.name)).map((r) => r.sql);
  const constraints = await sql<{ name: string }>`
    select name from pragma_index_list(${table}) where origin = 'u'`.execute(db);
  for (const { name } of constraints.rows) {
    const cols = (await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(db))
      .rows;
    const names = cols.map((c) => c.name);
    // The token hash's unique constraint is replaced by (tenant_id, token_hash) in rebuildIndexes.
    if (table === 'api_tokens' && names.join() === 'token_hash') continue;
    out.push(`create unique index "${table}_${names.join('_')}_key" on "${table}" (${names.join(', ')})`);
  }
  return out;
}

async function sqlite(db: Kysely<unknown>, direction: Direction): Promise<void> {
  const all = await sqliteTables(db);
  const referencing: string[] = [];
  for (const t of all) {
    const { rows } = await sql<SqliteForeignKey>`select * from pragma_foreign_key_list(${t})`.execute(db);
    if (!(t in KEYS) && rows.some((r) => r.table in KEYS)) referencing.push(t);
  }
  const rebuild = [...Object.keys(KEYS).filter((t) => all.includes(t)), ...referencing];
  // Foreign-key enforcement can only be switched outside a transaction (SQLite §12-step ALTER TABLE).
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await rebuildSqliteTables(db, rebuild, direction);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`foreign keys broken by the rebuild: ${JSON.stringify(broken.rows)}`);
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuildSqliteTables(db: Kysely<unknown>, tables: string[], direction: Direction): Promise<void> {
  const indexes: string[] = [];
  for (const t of tables) {
    const { ddl, columns } = await sqliteDefinition(db, t, `${t}__rekeyed`, direction);
    indexes.push(...(await sqliteIndexes(db, t)));
    await sql.raw(ddl).execute(db);
    const cols = columns.map((c) => `"${c}"`).join(', ');
    await sql.raw(`insert into "${t}__rekeyed" (${cols}) select ${cols} from "${t}"`).execute(db);
  }
  // Drop every old table before renaming: a rename rewrites references to the renamed table only.
  for (const t of tables) await sql.raw(`drop table "${t}"`).execute(db);
  for (const t of tables) await sql.raw(`alter table "${t}__rekeyed" rename to "${t}"`).execute(db);
  for (const s of indexes) await sql.raw(s).execute(db);
  await rebuildIndexes(db, direction);
  if (direction === 'down')
    await sql`create unique index api_tokens_token_hash_key on api_tokens (token_hash)`.execute(db);
}
