import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen. PostgreSQL only: roster_unchanged(ok) fails its statement, and so its transaction, unless
// `ok` is true, with SQLSTATE RR001 ("a read this transaction skipped would have differed"). A
// transaction that skips a read to save a round trip (UserRepository.expectNewUserUnderRoot)
// checks with it, on the server and before its writes, what it assumed instead; on RR001 it runs
// again with the read. SQLite reads in-process and never skips a read: no function.

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`
create function roster_unchanged(ok boolean) returns boolean language plpgsql as $$
begin
  if ok is not true then
    raise exception 'a value this transaction assumed has changed' using errcode = 'RR001';
  end if;
  return true;
end
$$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop function roster_unchanged(boolean)`.execute(db);
}
