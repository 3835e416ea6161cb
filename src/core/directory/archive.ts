/** A device's backup archive on one destination (SPEC C1). */
export type ArchiveState = 'active' | 'cold_storage' | 'purged';

export interface Archive {
  id: string;
  tenantId: string;
  userId: string;
  deviceId: string;
  destination: string;
  state: ArchiveState;
  /** While in cold storage: when the archive is purged (SPEC C4); null otherwise. */
  coldStorageUntil: string | null;
  createdAt: string;
  updatedAt: string;
}
