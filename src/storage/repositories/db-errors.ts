import { isReportedLater } from '../pg-client.js';

/**
 * True when `e` is a unique-constraint violation from SQLite or PostgreSQL (SQLSTATE 23505) of the
 * statement that reports it; not an earlier write's, reported later (pg-client.ts isReportedLater).
 */
export function isUniqueViolation(e: unknown): boolean {
  if (isReportedLater(e)) return false;
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
