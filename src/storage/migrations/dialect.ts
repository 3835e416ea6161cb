import { PostgresAdapter, type Kysely } from 'kysely';

/** Which SQL dialect a migration runs on; migrations are written once for both (STYLE habit 8). */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
