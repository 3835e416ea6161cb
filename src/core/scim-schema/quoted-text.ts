/** The index of the "]" closing the "[" at `open`, skipping JSON-quoted strings; -1 if none (SCIM paths, RFC 7644 §3.10). */
export function closingBracket(text: string, open: number): number {
  let inQuote = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (inQuote && c === '\\') i++;
    else if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === ']') return i;
  }
  return -1;
}
