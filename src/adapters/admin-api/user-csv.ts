import { parse, type Options } from 'csv-parse/sync';
import type { ImportRejection, ImportRow } from '../../core/directory/local-user-service.js';

/**
 * The bulk-upload file (SPEC C6): a header line, then one user per line. Columns (any order,
 * case-insensitive; spaces, hyphens and underscores alike): username, email, first name, last
 * name, organization, roles (ids or names separated by ";" or "|"), and an optional password.
 */
const COLUMNS = ['username', 'email', 'firstname', 'lastname', 'organization', 'roles', 'password'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['username', 'email', 'firstname', 'lastname', 'organization', 'roles'];

const normal = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** The rows of a CSV text, and the lines that could not be read as a row (each with its line number). */
export type ParsedUserCsv =
  { ok: true; rows: ImportRow[]; rejected: ImportRejection[] } | { ok: false; reason: string };

/** Parses the upload with csv-parse; a malformed record is reported by line and the others still read. */
export function parseUserCsv(text: string): ParsedUserCsv {
  const rejected: ImportRejection[] = [];
  // on_skip is implemented by csv-parse 5 but missing from its type declarations.
  const options = {
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: Error & { lines?: number }) => {
      rejected.push({ line: err.lines ?? 0, userName: '', problems: [{ field: 'line', reason: err.message }] });
    },
  } as Options;
  const records = parse(text, options) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...body] = records;
  if (!header) return { ok: false, reason: 'the file is empty: it needs a header line and one line per user' };
  const index = new Map<Column, number>();
  for (const [i, h] of header.record.entries()) {
    const c = COLUMNS.find((x) => x === normal(h));
    if (c && !index.has(c)) index.set(c, i);
  }
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0)
    return {
      ok: false,
      reason: `the header line lacks the column(s) ${missing.join(', ')} (found: ${header.record.join(', ')})`,
    };
  const rows: ImportRow[] = [];
  for (const { record, info } of body) {
    const cell = (c: Column): string | null => {
      const i = index.get(c);
      return i === undefined ? null : (record[i] ?? null);
    };
    if (record.length !== header.record.length) {
      rejected.push({
        line: info.lines,
        userName: cell('username') ?? '',
        problems: [{ field: 'line', reason: `has ${record.length} fields; the header has ${header.record.length}` }],
      });
      continue;
    }
    rows.push({
      line: info.lines,
      input: {
        userName: cell('username') ?? '',
        email: cell('email'),
        firstName: cell('firstname'),
        lastName: cell('lastname'),
        organization: cell('organization'),
        roles: (cell('roles') ?? '')
          .split(/[;|]/)
          .map((r) => r.trim())
          .filter((r) => r !== ''),
        password: cell('password'),
      },
    });
  }
  return { ok: true, rows, rejected };
}
