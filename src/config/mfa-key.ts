import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Config } from './config.js';

/** Where the key that seals TOTP secrets came from (README "MFA"). */
export type MfaKeySource = 'ROSTER_MFA_KEY' | 'key file' | 'memory';

/** The SQLite key file: beside the database file, so that a copy of the data directory carries both. */
export function mfaKeyFile(databaseUrl: string): string | null {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return null;
  const file = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  return file === ':memory:' ? null : `${file}.mfa-key`;
}

/**
 * The AES-256-GCM key for TOTP secrets (SPEC C6; never stored in the database it protects):
 * ROSTER_MFA_KEY when set; else, for an SQLite file, a key generated on first start into
 * `<database>.mfa-key` (mode 0600) and read from there afterwards; an in-memory SQLite database
 * gets a key that lives as long as it does. PostgreSQL without ROSTER_MFA_KEY: null (no MFA).
 * Call after the database is opened (its directory exists).
 */
export function resolveMfaKey(config: Config): { key: Buffer; source: MfaKeySource } | null {
  if (config.auth.mfaKey) return { key: config.auth.mfaKey, source: 'ROSTER_MFA_KEY' };
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl)) return null;
  const file = mfaKeyFile(config.databaseUrl);
  if (file === null) return { key: randomBytes(32), source: 'memory' };
  // Written whole to a temporary file, then linked into place: of two processes starting together,
  // one's key wins and the other reads it complete.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} must hold 32 bytes in base64 (the MFA key; README "MFA")`);
  return { key, source: 'key file' };
}
