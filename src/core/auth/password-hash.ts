import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * People's passwords (SPEC C6 "modern hashing"): argon2id. Parameters tuned so that one
 * verification costs 50–150 ms on the reference machine (`npm run bench -- auth` measures it):
 * 46 MiB of memory, 4 passes, 1 lane — about 61 ms on the idle 2-core machine (32 MiB and 2 passes
 * took 23 ms, under the range); above OWASP's argon2id minimums (≥ 19 MiB, t ≥ 2).
 * The parameters are stored in each PHC string, so raising them later still verifies old hashes.
 */
export const ARGON2_PARAMS = Object.freeze({
  algorithm: Algorithm.Argon2id,
  memoryCost: 46 * 1024,
  timeCost: 4,
  parallelism: 1,
});

/** The PHC string of `password` with a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

// Verified when the user is unknown or has no password, so that an unknown username costs the
// same time as a wrong password (SPEC C6: sign-in does not reveal who exists).
let dummyHash: Promise<string> | undefined;

/** Whether `password` matches `phc`; with a null `phc`, burns one verification and answers false. */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    dummyHash ??= hashPassword('roster-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}
