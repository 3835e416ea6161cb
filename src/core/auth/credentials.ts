import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Machine credentials (SCIM bearer tokens, service-account passwords, admin API tokens).
 * They are 256-bit random values, so SHA-256 is a sufficient at-rest hash and keeps every
 * SCIM request cheap; people's passwords use argon2 instead (SPEC non-functional: secrets hashed).
 */

/** A new random secret with a recognisable prefix (lets secret scanners spot leaked tokens). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a machine secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function verifySecret(secret: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
