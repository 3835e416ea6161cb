import { DEFAULT_TENANT_SLUG } from '../core/directory/tenant.js';

/**
 * A tenant's address (SPEC C1): usernames are unique per tenant only, so sign-in must know the
 * tenant first. Each tenant is served under the path prefix `/t/{slug}`; the default tenant of
 * the embedded start keeps the plain address. (A path prefix works behind one host name and one
 * certificate; the slug is a DNS label, so a host-name scheme can be added in front later.)
 */
export function tenantBaseUrl(publicUrl: string, slug: string): string {
  return slug === DEFAULT_TENANT_SLUG ? publicUrl : `${publicUrl}/t/${slug}`;
}

/** Where an administrator's set/reset-password link points; the token stays in the fragment, out of logs. */
export function passwordLinkUrl(publicUrl: string, slug: string, token: string): string {
  return `${tenantBaseUrl(publicUrl, slug)}/set-password#token=${token}`;
}
