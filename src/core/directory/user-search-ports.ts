import type { User } from './user.js';

/** The administrators' user search (SPEC C6 console Users page), a port of core/ports.ts. */

/** A user as the admin API's list shows it. */
export interface UserSummary {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  orgId: string;
  providerId: string | null;
  status: User['status'];
  createdAt: string;
  updatedAt: string;
}

/** Filters of the admin user search; all optional, combined with AND. */
export interface UserSearchFilter {
  /** Username prefix, matched case-insensitively (ASCII). */
  userNamePrefix?: string;
  orgId?: string;
  status?: User['status'];
  /** A provider id, or 'local' for users managed only in Roster. */
  providerId?: string;
  /** The caller's scope (SPEC C6): only users of these organizations, or this one user. */
  scope?: { orgIds: readonly string[]; userId: string | null };
}

/** Keyset position: the last row's lower-cased username and id. */
export interface UserSearchPosition {
  userNameLower: string;
  id: string;
}

/** The administrators' user search; every query names the tenant. */
export interface UserSearchRepository {
  /** Up to `limit` users ordered by (lower(userName), id), after `after` when given; `next` is null on the last page. */
  searchUsers(
    tenantId: string,
    filter: UserSearchFilter,
    limit: number,
    after?: UserSearchPosition,
  ): Promise<{ users: UserSummary[]; next: UserSearchPosition | null }>;
}
