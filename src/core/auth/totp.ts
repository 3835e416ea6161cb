import { generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP (RFC 6238) as authenticator apps use it: SHA-1, 6 digits, 30-second steps, through otplib.
 * A code is accepted one step either side of now (clock drift, typing time) and never twice: the
 * caller stores the step a code was accepted at and passes it back as `afterStep` (RFC 6238 §5.2).
 */
export const TOTP = Object.freeze({ periodSeconds: 30, digits: 6, issuer: 'Roster' });

/** A new random base32 secret (160 bits, RFC 4226 §4 recommends at least 128). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI authenticator apps read from a QR code (Key Uri Format). */
export function otpauthUri(userName: string, secret: string): string {
  return generateURI({ issuer: TOTP.issuer, label: userName, secret, period: TOTP.periodSeconds });
}

/** The time step `code` belongs to when it is valid at `now` (±1 step) and later than `afterStep`; else null. */
export async function acceptedStep(
  secret: string,
  code: string,
  now: Date,
  afterStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    // Seconds either side of now: with 30-second steps, exactly the previous and the next step.
    epochTolerance: TOTP.periodSeconds,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid ? (result as { timeStep: number }).timeStep : null;
}
