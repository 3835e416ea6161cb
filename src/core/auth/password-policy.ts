import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The local password policy (SPEC C6): at least 12 characters, not the username (nor its local
 * part), and not one of the ~49,000 most common passwords. The list is the zxcvbn-ts common
 * dictionary (@zxcvbn-ts/language-common, MIT), compared case-insensitively.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes any length, but an unbounded input is a denial-of-service lever. */
export const PASSWORD_MAX_LENGTH = 256;

const COMMON = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

export type PasswordCheck = { ok: true } | { ok: false; reason: string };

/** Checks `password` for `userName` against the policy; the reason completes "The password …". */
export function checkPassword(password: string, userName: string): PasswordCheck {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return { ok: false, reason: `must be at least ${PASSWORD_MIN_LENGTH} characters long` };
  if (length > PASSWORD_MAX_LENGTH) return { ok: false, reason: `must be at most ${PASSWORD_MAX_LENGTH} characters` };
  const lower = password.toLowerCase();
  const name = userName.trim().toLowerCase();
  const local = name.split('@')[0] ?? name;
  if (lower === name || lower === local) return { ok: false, reason: 'must not be the username' };
  if (COMMON.has(lower)) return { ok: false, reason: 'is one of the most common passwords' };
  return { ok: true };
}
