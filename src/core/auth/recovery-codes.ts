import { randomInt } from 'node:crypto';
import { hashSecret } from './credentials.js';

/** How many recovery codes a user holds at a time (SPEC C6). */
export const RECOVERY_CODE_COUNT = 10;

// No 0/o, 1/l/i: codes are read off paper and typed.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Ten new single-use recovery codes, `xxxx-xxxx-xxxx` (about 59 random bits each: with their
 * SHA-256 alone an offline guesser still faces 2^58 tries per code, so a plain hash suffices).
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)] as string).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** The stored form of a recovery code as typed: case, spaces and dashes do not matter. */
export function recoveryCodeHash(code: string): string {
  return hashSecret(code.toLowerCase().replace(/[\s-]/g, ''));
}
