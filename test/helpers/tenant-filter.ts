import { loadModule, parseSync } from 'libpg-query';

// Reads a PostgreSQL statement with PostgreSQL's own parser (libpg-query) and tells which tenant
// tables in it are not pinned to one tenant. A table counts as pinned when the statement's WHERE
// or JOIN conditions compare its tenant_id (by `=` or `IN`, in an AND chain, never under OR/NOT),
// or, for an INSERT, when tenant_id is among the inserted columns. That is what a Citus-style
// engine needs to route the statement to one shard and keep its joins co-located.

type Node = Record<string, any>;

/** One table of a statement that does not name its tenant. */
export interface Unpinned {
  table: string;
  statement: 'select' | 'update' | 'delete' | 'insert';
}

let loaded: Promise<void> | undefined;
/** Loads the parser (WebAssembly) once. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** Relations of a FROM list, through joins but not into sub-selects; join conditions are collected too. */
function fromItems(items: Node[] | undefined, rels: Node[], quals: Node[]): void {
  for (const item of items ?? []) {
    if (item.RangeVar) rels.push(item.RangeVar);
    else if (item.JoinExpr) {
      fromItems([item.JoinExpr.larg, item.JoinExpr.rarg], rels, quals);
      if (item.JoinExpr.quals) quals.push(item.JoinExpr.quals);
    }
  }
}

/** One side of a comparison: a column reference, or a value fixed for the statement (a parameter, a constant). */
interface Side {
  column?: string[];
  fixed: boolean;
}

function side(n: Node | undefined): Side {
  if (n?.ColumnRef) return { column: n.ColumnRef.fields.map((f: Node) => f.String?.sval ?? '*'), fixed: false };
  if (n?.TypeCast) return side(n.TypeCast.arg);
  if (n?.List) return { fixed: n.List.items.every((i: Node) => side(i).fixed) };
  return { fixed: Boolean(n?.ParamRef || n?.A_Const) };
}

/** The `=` and `IN` comparisons of the AND chains of `quals` (never under OR or NOT). */
function equalities(quals: Node[]): [Side, Side][] {
  const out: [Side, Side][] = [];
  const visit = (n: Node | undefined): void => {
    if (!n) return;
    if (n.BoolExpr?.boolop === 'AND_EXPR') for (const a of n.BoolExpr.args) visit(a);
    const e = n.A_Expr;
    if (e && (e.kind === 'AEXPR_IN' || (e.kind === 'AEXPR_OP' && e.name?.[0]?.String?.sval === '=')))
      out.push([side(e.lexpr), side(e.rexpr)]);
  };
  for (const q of quals) visit(q);
  return out;
}

/**
 * A relation is pinned when its tenant_id equals a parameter or constant, or the tenant_id of a
 * pinned relation of the same scope, or of an outer relation (a correlated sub-select: the outer
 * statement is checked on its own).
 */
function checkScope(kind: Unpinned['statement'], rels: Node[], quals: Node[], tenantTables: Set<string>): Unpinned[] {
  const names = rels.map((r) => (r.alias?.aliasname ?? r.relname) as string);
  const owner = (cols: string[] | undefined): string | undefined => {
    if (!cols || cols[cols.length - 1] !== 'tenant_id') return undefined;
    return cols.length === 1 ? (names.length === 1 ? names[0] : undefined) : cols[cols.length - 2];
  };
  const eqs = equalities(quals);
  const pinned = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [l, r] of eqs) {
      for (const [x, y] of [
        [l, r],
        [r, l],
      ] as const) {
        const a = owner(x.column);
        if (!a || pinned.has(a)) continue;
        const b = owner(y.column);
        if (y.fixed || (b !== undefined && (pinned.has(b) || !names.includes(b)))) {
          pinned.add(a);
          grew = true;
        }
      }
    }
  }
  return rels
    .filter((rel, i) => tenantTables.has(rel.relname) && !pinned.has(names[i] as string))
    .map((rel) => ({ table: rel.relname, statement: kind }));
}

/** Every tenant table of `sqlText` (PostgreSQL) that the statement does not restrict to one tenant. */
export function unpinnedTables(sqlText: string, tenantTables: Set<string>): Unpinned[] {
  const out: Unpinned[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const node = n as Node;
    if (node.SelectStmt) {
      const s = node.SelectStmt;
      const rels: Node[] = [];
      const quals: Node[] = s.whereClause ? [s.whereClause] : [];
      fromItems(s.fromClause, rels, quals);
      out.push(...checkScope('select', rels, quals, tenantTables));
    } else if (node.UpdateStmt || node.DeleteStmt) {
      const s = node.UpdateStmt ?? node.DeleteStmt;
      const rels: Node[] = [s.relation];
      const quals: Node[] = s.whereClause ? [s.whereClause] : [];
      fromItems(s.fromClause ?? s.usingClause, rels, quals);
      out.push(...checkScope(node.UpdateStmt ? 'update' : 'delete', rels, quals, tenantTables));
    } else if (node.InsertStmt) {
      const s = node.InsertStmt;
      const cols: string[] = (s.cols ?? []).map((c: Node) => c.ResTarget?.name);
      if (tenantTables.has(s.relation.relname) && !cols.includes('tenant_id'))
        out.push({ table: s.relation.relname, statement: 'insert' });
    }
    for (const v of Object.values(node)) walk(v);
  };
  walk(parseSync(sqlText).stmts);
  return out;
}
