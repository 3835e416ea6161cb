/** Which error format answers a request: each adapter owns one (STYLE habit 2). */
export type ErrorFormat = 'scim' | 'problem';

/**
 * The error format for a request URL, decided once here for every path that has not reached an
 * adapter's own error handler (framework errors before routing, unknown routes): SCIM's error
 * schema under /scim/ (RFC 7644 §3.12), problem+json (RFC 9457) everywhere else.
 */
export function errorFormatFor(url: string): ErrorFormat {
  return url.startsWith('/scim/') ? 'scim' : 'problem';
}
