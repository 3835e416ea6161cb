/** A group pushed by a provisioning provider; memberships are separate rows. */
export interface Group {
  id: string;
  tenantId: string;
  providerId: string;
  displayName: string;
  externalId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface GroupMember {
  userId: string;
  userName: string;
}
