// A string-literal-aware pre-pass over SCIM filter text (RFC 7644 §3.4.2.2), run before the
// scim2-parse-filter grammar (filter-syntax.ts is its only caller). It does not parse the
// grammar; it only fixes what the library gets wrong or that real IdPs send:
//  0. The library's tokenizer matches string literals with a regular expression that backtracks
//     exponentially on a quoted run of newlines ending in a backslash: no literal ever reaches it.
//  1. Literals: every JSON string and number literal is decoded here and replaced by an
//     indexed placeholder (`"0"`, `"1"`, …). The library mangles backslash escapes (it doubles
//     every `\` not followed by `"`) and rejects negative numbers before a space or `)`;
//     placeholders contain neither, and the caller restores the values from `literals`.
//  2. Entra's legacy unquoted values (`externalId eq jyoung`, research §6 C4): a bare word in
//     value position that is not true/false/null or a number is taken as a string.
//  3. Entra's `emails[type eq "work"].value eq "x"` (research §1.3): the library reads it as
//     `emails[type eq "work"] and emails.value eq "x"`, which may match two different
//     elements; it is rewritten to `emails[(type eq "work") and value eq "x"]`.

/** A literal value restored after parsing. */
export type Literal = string | number;

/** Filter text ready for the grammar, plus the literals its placeholders stand for. */
export interface PreparedFilter {
  text: string;
  literals: Literal[];
}

type Token =
  | { t: 'lit'; index: number; start: number; end: number }
  | { t: 'punct'; s: '(' | ')' | '[' | ']'; start: number; end: number }
  | { t: 'word'; s: string; start: number; end: number };

const COMPARE_OPS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const KEYWORD_VALUES = new Set(['true', 'false', 'null']);
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const PUNCT = new Set(['(', ')', '[', ']']);

/**
 * Prepares filter text for scim2-parse-filter; throws a SyntaxError with a readable message.
 * Linear in the text: one pass, no regular expression that can backtrack over a literal.
 * Brackets nested deeper than `maxDepth` are refused here, before the recursive grammar runs.
 */
export function prepareFilterText(text: string, maxDepth: number): PreparedFilter {
  const literals: Literal[] = [];
  const raw = tokenize(text, literals);
  checkNesting(raw, maxDepth);
  const tokens = quoteBareValues(raw, literals);
  return {
    text: rewriteValuePathSubAttributes(tokens)
      .map((tok) => render(tok))
      .join(' '),
    literals,
  };
}

function tokenize(text: string, literals: Literal[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '"') {
      const end = stringEnd(text, i);
      literals.push(decodeString(text.slice(i, end)));
      tokens.push({ t: 'lit', index: literals.length - 1, start: i, end });
      i = end;
    } else if (PUNCT.has(ch)) {
      tokens.push({ t: 'punct', s: ch as '(' | ')' | '[' | ']', start: i, end: i + 1 });
      i += 1;
    } else {
      let end = i;
      while (end < text.length && !/[\s"()[\]]/.test(text[end] as string)) end += 1;
      tokens.push({ t: 'word', s: text.slice(i, end), start: i, end });
      i = end;
    }
  }
  return tokens;
}

function checkNesting(tokens: readonly Token[], maxDepth: number): void {
  let depth = 0;
  for (const tok of tokens) {
    if (tok.t !== 'punct') continue;
    depth += tok.s === '(' || tok.s === '[' ? 1 : -1;
    if (depth > maxDepth) throw new SyntaxError(`the filter nests more than ${maxDepth} levels of brackets`);
  }
}

/** The index just past the closing quote of the JSON string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i += 1;
  }
  throw new SyntaxError(`Unterminated string starting at character ${start + 1}`);
}

function decodeString(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw new SyntaxError(`Invalid string literal ${raw} (RFC 7644 §3.4.2.2 values are JSON strings)`);
  }
}

/** Replaces value-position words (after `attr op`) with literals; numbers become literals too. */
function quoteBareValues(tokens: Token[], literals: Literal[]): Token[] {
  return tokens.map((tok, i) => {
    const op = tokens[i - 1];
    const attr = tokens[i - 2];
    const inValuePosition = op?.t === 'word' && COMPARE_OPS.has(op.s.toLowerCase()) && attr?.t === 'word';
    if (tok.t !== 'word' || !inValuePosition || KEYWORD_VALUES.has(tok.s)) return tok;
    literals.push(JSON_NUMBER.test(tok.s) ? Number(tok.s) : tok.s);
    return { t: 'lit', index: literals.length - 1, start: tok.start, end: tok.end };
  });
}

/** Rewrites `attr[F].sub op V` (and `attr[F].sub pr`) to `attr[(F) and sub op V]`. */
function rewriteValuePathSubAttributes(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i] as Token;
    const close = tok.t === 'punct' && tok.s === '[' ? matchingBracket(tokens, i) : -1;
    const sub = tokens[close + 1];
    const op = tokens[close + 2];
    const glued = close >= 0 && sub?.t === 'word' && sub.s.startsWith('.') && sub.start === tokens[close]?.end;
    const isOperator = op?.t === 'word' && (COMPARE_OPS.has(op.s.toLowerCase()) || op.s.toLowerCase() === 'pr');
    if (!glued || !isOperator || sub?.t !== 'word' || op?.t !== 'word') {
      out.push(tok);
      i += 1;
      continue;
    }
    const isPresence = op.s.toLowerCase() === 'pr';
    const tail = isPresence ? [] : tokens.slice(close + 3, close + 4);
    out.push(
      tok,
      punct('('),
      ...tokens.slice(i + 1, close),
      punct(')'),
      word('and'),
      word(sub.s.slice(1)),
      op,
      ...tail,
      punct(']'),
    );
    i = close + 3 + tail.length;
  }
  return out;
}

function matchingBracket(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const tok = tokens[i] as Token;
    if (tok.t !== 'punct') continue;
    if (tok.s === '[') depth += 1;
    if (tok.s === ']') depth -= 1;
    if (depth === 0) return i;
  }
  return -1;
}

const punct = (s: '(' | ')' | '[' | ']'): Token => ({ t: 'punct', s, start: -1, end: -1 });
const word = (s: string): Token => ({ t: 'word', s, start: -1, end: -1 });

function render(tok: Token): string {
  return tok.t === 'lit' ? `"${tok.index}"` : tok.s;
}
