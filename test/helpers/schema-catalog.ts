import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../src/storage/db.js';

/** One index or key as the live database describes it. */
export interface CatalogKey {
  table: string;
  name: string;
  kind: 'primary' | 'unique' | 'index';
  /** Column names in key order; an expression shows as `expr`. */
  columns: string[];
}

/** One foreign key as the live database describes it. */
export interface CatalogForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

/** Tables of the current schema (PostgreSQL: current_schema(); SQLite: main), migration bookkeeping included. */
export async function tables(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by 1`.execute(db);
  return rows.map((r) => r.name);
}

/** Whether `table` has a tenant_id column. */
export async function hasTenantColumn(db: Kysely<any>, dialect: Dialect, table: string): Promise<boolean> {
  const { rows } =
    dialect === 'postgres'
      ? await sql`select 1 from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} and column_name = 'tenant_id'`.execute(db)
      : await sql`select 1 from pragma_table_info(${table}) where name = 'tenant_id'`.execute(db);
  return rows.length > 0;
}

/** Every primary key, unique index and plain index of `table`, read from the catalogue. */
export async function keys(db: Kysely<any>, dialect: Dialect, table: string): Promise<CatalogKey[]> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ name: string; primary: boolean; unique: boolean; columns: string[] }>`
      select c.relname as name, i.indisprimary as primary, i.indisunique as unique,
        array(select coalesce(a.attname::text, 'expr') from unnest(i.indkey) with ordinality k(n, o)
              left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n
              where o <= i.indnkeyatts order by o) as columns
      from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = ${table} order by 1`.execute(db);
    return rows.map((r) => ({
      table,
      name: r.name,
      kind: r.primary ? 'primary' : r.unique ? 'unique' : 'index',
      columns: r.columns,
    }));
  }
  const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(db);
  const pk = info.rows
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const out: CatalogKey[] =
    pk.length > 0 ? [{ table, name: `${table} primary key`, kind: 'primary', columns: pk }] : [];
  const list = await sql<{ name: string; unique: number; origin: string }>`
    select name, "unique", origin from pragma_index_list(${table})`.execute(db);
  for (const ix of list.rows) {
    if (ix.origin === 'pk') continue;
    const cols = await sql<{ name: string | null }>`
      select name from pragma_index_info(${ix.name}) order by seqno`.execute(db);
    out.push({
      table,
      name: ix.name,
      kind: ix.unique ? 'unique' : 'index',
      columns: cols.rows.map((c) => c.name ?? 'expr'),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every foreign key of `table`. */
export async function foreignKeys(db: Kysely<any>, dialect: Dialect, table: string): Promise<CatalogForeignKey[]> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ ref_table: string; columns: string[]; ref_columns: string[] }>`
      select r.relname as ref_table,
        array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o)
              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by o) as columns,
        array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o)
              join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by o) as ref_columns
      from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
      join pg_namespace n on n.oid = t.relnamespace
      where c.contype = 'f' and n.nspname = current_schema() and t.relname = ${table}
      order by 1, 2`.execute(db);
    return rows.map((r) => ({ table, columns: r.columns, refTable: r.ref_table, refColumns: r.ref_columns }));
  }
  const { rows } = await sql<{ id: number; seq: number; table: string; from: string; to: string }>`
    select * from pragma_foreign_key_list(${table}) order by id, seq`.execute(db);
  const byId = new Map<number, CatalogForeignKey>();
  for (const r of rows) {
    const fk = byId.get(r.id) ?? { table, columns: [], refTable: r.table, refColumns: [] };
    fk.columns.push(r.from);
    fk.refColumns.push(r.to);
    byId.set(r.id, fk);
  }
  return [...byId.values()].sort((a, b) => `${a.refTable}${a.columns}`.localeCompare(`${b.refTable}${b.columns}`));
}
