/** A legal-hold matter (SPEC C1): while it is active its custodians are never deactivated (SPEC C4). */
export interface LegalHoldMatter {
  id: string;
  tenantId: string;
  /** Unique per tenant, case-insensitively. */
  name: string;
  status: 'active' | 'released';
  createdAt: string;
  releasedAt: string | null;
}

/** A user placed on a matter. */
export interface Custodian {
  tenantId: string;
  matterId: string;
  userId: string;
  addedAt: string;
}
