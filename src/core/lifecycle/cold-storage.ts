/** SPEC C4: a deactivated user's (or device's) archives stay in cold storage for the organization's period, then are purged. */

const DAY_MS = 86_400_000;

/** When archives moved to cold storage at `now` are purged. */
export function coldStorageUntil(now: string, coldStorageDays: number): string {
  return new Date(Date.parse(now) + coldStorageDays * DAY_MS).toISOString();
}
