/** A customer environment; every row belongs to exactly one (SPEC C1). */
export interface Tenant {
  id: string;
  name: string;
  /** URL-safe name in the tenant's sign-in address (`/t/{slug}/…`); the default tenant's is `default`. */
  slug: string;
  /** Tenant setting: usernames must be email addresses (on by default, SPEC C1). */
  requireEmailUsername: boolean;
  createdAt: string;
}

/** The slug of the tenant the embedded start creates, served at the plain address (no `/t/{slug}` prefix). */
export const DEFAULT_TENANT_SLUG = 'default';

/** Tenant settings an administrator may change (SPEC C1, C6). */
export interface TenantSettings {
  requireEmailUsername: boolean;
}

/** Slugs: lower-case letters, digits and inner hyphens, 2–63 characters (one DNS label, so a host-name scheme stays possible). */
export const TENANT_SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$';

/** A slug derived from a display name ("Acme Corp." → "acme-corp"). */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s.length >= 2 ? s : `tenant-${s}`.replace(/-+$/, '');
}
