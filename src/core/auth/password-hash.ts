import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * People's passwords (SPEC C6 "modern hashing"): argon2id. Parameters tuned so that one
 * verification costs 50–150 ms on the reference machine (`npm run bench -- auth` measures it):
 * 46 MiB of memory, 6 passes, 1 lane. The 2-core machines here differ: 4 passes took 61 ms on an
 * AMD EPYC one but 44 ms on an Intel Xeon one, under the range; 6 passes keep both inside it with
 * room either way. Above OWASP's argon2id minimums (≥ 19 MiB, t ≥ 2).
 * The parameters are stored in each PHC string, so raising them later still verifies old hashes.
 */
export const ARGON2_PARAMS = Object.freeze({
  algorithm: Algorithm.Argon2id,
  memoryCost: 46 * 1024,
  timeCost: 6,
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
