/** What the sign-in page is told in its address: where to go back to, and why the visitor is there. */
export interface SignInSearch {
  /** The console address to return to after signing in (a path of this console only). */
  redirect?: string;
  /** The session ended (expired or revoked) while the console was in use. */
  ended?: boolean;
  signedOut?: boolean;
}

// This tab had a session: a later "no valid credential" means it ended, rather than that the
// visitor never signed in. Per tab, like the page itself.
const MARK = 'roster.signedIn';

export function markSignedIn(): void {
  sessionStorage.setItem(MARK, '1');
}

export function forgetSession(): void {
  sessionStorage.removeItem(MARK);
}

/** An address inside this console (never another site, never sign-in itself), else undefined. */
export function safeRedirect(href: unknown): string | undefined {
  if (typeof href !== 'string' || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/\\'))
    return undefined;
  if (href === '/' || href.startsWith('/sign-in') || href.startsWith('/set-password')) return undefined;
  return href;
}

/**
 * The sign-in page's search for a visitor whose session is missing at `href`. The mark stays until
 * the next sign-in or sign-out: several calls failing at once must all tell the same story.
 */
export function signInSearchFor(href: string): SignInSearch {
  const ended = sessionStorage.getItem(MARK) === '1';
  const redirect = safeRedirect(href);
  return { ...(redirect ? { redirect } : {}), ...(ended ? { ended: true } : {}) };
}

/** Parses the sign-in page's search (any other value is dropped). */
export function parseSignInSearch(search: Record<string, unknown>): SignInSearch {
  const redirect = safeRedirect(search.redirect);
  return {
    ...(redirect ? { redirect } : {}),
    ...(search.ended === true ? { ended: true } : {}),
    ...(search.signedOut === true ? { signedOut: true } : {}),
  };
}
