/** Weak ETags carry the resource version (RFC 7644 §3.14). */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * The version an If-Match / If-None-Match header asks for: undefined when absent or `*`,
 * NaN when it names no version we could have issued (so it never matches).
 */
export function versionFromEtag(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const first = header.split(',')[0]?.trim() ?? '';
  const m = /^(?:W\/)?"(\d+)"$/.exec(first);
  return m ? Number(m[1]) : Number.NaN;
}
