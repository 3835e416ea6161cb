// The one entry point for SCIM filter text (RFC 7644 §3.4.2.2), wherever it comes from: a GET
// `filter`, a POST /.search body, the value filter of a PATCH path (§3.5.2), a Bulk operation's
// PATCH, or an organization-mapping attribute path (SPEC C3). Nothing else calls the grammar.
//
// The grammar is scim2-parse-filter's. Its tokenizer backtracks exponentially on some string
// literals, so filter-text.ts swaps every literal out first in one linear pass; what the
// library then sees is words, brackets and placeholders, which its tokenizer reads linearly.
// Its output is treated as untrusted: every node is checked and rebuilt into FilterNode, and a
// shape the RFC grammar cannot produce (`a pr not b pr` gives a "not" with two operands) is an
// error, never a crash further down.
import { parse } from 'scim2-parse-filter';
import { err, ok, type Result } from '../result.js';
import { prepareFilterText, type Literal } from './filter-text.js';

/** RFC 7644 §3.4.2.2 comparison operators. */
export type FilterCompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
/** A comparison value: a JSON string, number, boolean or null. */
export type FilterValue = string | number | boolean | null;

/** A checked filter tree; field names follow scim2-parse-filter's so evaluators read alike. */
export type FilterNode =
  | { op: 'and' | 'or'; filters: FilterNode[] }
  | { op: 'not'; filter: FilterNode }
  | { op: FilterCompareOp; attrPath: string; compValue: FilterValue }
  | { op: 'pr'; attrPath: string }
  | { op: '[]'; attrPath: string; valFilter: FilterNode };

/** Longer filter texts are refused before any parsing, to bound the work one request causes. */
export const MAX_FILTER_LENGTH = 4096;

/**
 * Deeper trees are refused (brackets, and/or/not and value paths each count a level). SQLite
 * refuses expressions nested about 1,000 deep (SQLITE_MAX_EXPR_DEPTH); 32 is far above what an
 * IdP sends and keeps every recursive walk over a filter shallow.
 */
export const MAX_FILTER_DEPTH = 32;

/** Longer attribute paths (PATCH `path`, mapping paths) are refused before any parsing. */
export const MAX_PATH_LENGTH = 4096;

/** Why filter text was refused; callers answer RFC 7644 §3.12 `invalidFilter`. */
export interface FilterSyntaxError {
  detail: string;
}

const COMPARE_OPS: ReadonlySet<string> = new Set<FilterCompareOp>([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'lt',
  'ge',
  'le',
]);
// ATTRNAME and URN-qualified paths (RFC 7643 §2.1, RFC 7644 §3.10) as the library's Word token reads them.
const ATTR_PATH = /^[A-Za-z$][\w.:/%$-]*$/;

class Refused extends Error {}

/** Parses and checks filter text; never throws. */
export function parseFilterSyntax(text: string): Result<FilterNode, FilterSyntaxError> {
  if (typeof text !== 'string') return err({ detail: 'A filter must be a string' });
  if (text.length > MAX_FILTER_LENGTH) return err({ detail: `Filter is longer than ${MAX_FILTER_LENGTH} characters` });
  if (text.trim() === '') return err({ detail: 'Invalid filter syntax: the filter is empty' });
  let prepared;
  try {
    prepared = prepareFilterText(text, MAX_FILTER_DEPTH);
  } catch (e) {
    return err({ detail: `Invalid filter syntax: ${messageOf(e)}` });
  }
  let raw: unknown;
  try {
    raw = parse(prepared.text);
  } catch (e) {
    return err({ detail: `Invalid filter syntax: ${describeSyntaxError(messageOf(e), prepared.literals)}` });
  }
  try {
    return ok(checkNode(raw, prepared.literals, 0));
  } catch (e) {
    if (e instanceof Refused) return err({ detail: e.message });
    throw e;
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function describeSyntaxError(message: string, literals: readonly Literal[]): string {
  if (message.startsWith('unexpected EOT')) return 'unexpected text after a complete expression';
  if (message.includes('(EOT)')) return 'the filter ends before the expression is complete';
  // Show the client its own literals, not our placeholders.
  return message.replace(/"(\d+)"/g, (m, i: string) => JSON.stringify(literals[Number(i)]) ?? m);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

// Rebuilds the library's tree node by node, accepting only the shapes of the RFC grammar.
function checkNode(node: unknown, literals: readonly Literal[], depth: number): FilterNode {
  if (depth > MAX_FILTER_DEPTH) throw new Refused(`Filter nests more than ${MAX_FILTER_DEPTH} levels`);
  if (!isRecord(node) || typeof node.op !== 'string') throw new Refused('Invalid filter syntax');
  const op = node.op;
  if (op === 'and' || op === 'or') {
    const parts = node.filters;
    if (!Array.isArray(parts) || parts.length < 2) throw new Refused(`Invalid filter syntax near "${op}"`);
    return { op, filters: parts.map((f) => checkNode(f, literals, depth + 1)) };
  }
  if (op === 'not') {
    // RFC 7644 §3.4.2.2: "not" is a prefix operator with one operand, `not (expression)`.
    if (!Object.hasOwn(node, 'filter') || Object.hasOwn(node, 'filters'))
      throw new Refused('Invalid filter syntax: "not" must precede a filter, as in `a pr and not (b pr)`');
    return { op, filter: checkNode(node.filter, literals, depth + 1) };
  }
  const attrPath = node.attrPath;
  if (typeof attrPath !== 'string' || !ATTR_PATH.test(attrPath))
    throw new Refused(`Invalid filter syntax near "${op}"`);
  if (op === 'pr') return { op, attrPath };
  if (op === '[]') return { op, attrPath, valFilter: checkNode(node.valFilter, literals, depth + 1) };
  if (COMPARE_OPS.has(op)) return { op: op as FilterCompareOp, attrPath, compValue: restore(node.compValue, literals) };
  throw new Refused(`Invalid filter syntax: "${op}" is not an operator`);
}

// filter-text.ts replaced every string and number literal with a quoted index.
function restore(value: unknown, literals: readonly Literal[]): FilterValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    const literal = literals[Number(value)];
    // Neither database stores U+0000 (SQLite truncates at it, PostgreSQL refuses it), so no
    // stored value can equal it: the filter is refused as a filter, not as a stored value.
    if (typeof literal === 'string' && literal.includes('\u0000'))
      throw new Refused('Invalid filter: a filter value must not contain the NUL character (U+0000)');
    if (literal !== undefined) return literal;
  }
  throw new Refused('Invalid filter syntax: a comparison needs a JSON value (string, number, true, false or null)');
}

/** True when `node` contains a value path (`attr[...]`) anywhere. */
export function containsValuePath(node: FilterNode): boolean {
  switch (node.op) {
    case '[]':
      return true;
    case 'and':
    case 'or':
      return node.filters.some(containsValuePath);
    case 'not':
      return containsValuePath(node.filter);
    default:
      return false;
  }
}
