/** A customer environment; every row belongs to exactly one (SPEC C1). */
export interface Tenant {
  id: string;
  name: string;
  /** Tenant setting: usernames must be email addresses (on by default, SPEC C1). */
  requireEmailUsername: boolean;
  createdAt: string;
}
