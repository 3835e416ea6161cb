// The group half of the repository ports (ports.ts re-exports it): groups and their memberships.
import type { Group, GroupMember } from './group.js';
import type { GroupCollection, GroupField, Page, PageRequest } from './query.js';

export interface GroupRepository {
  findById(tenantId: string, id: string, opts?: { forUpdate?: boolean }): Promise<Group | undefined>;
  /**
   * findById with forUpdate, for a membership change whose next statement is the change itself: the
   * returned reader gives the group once that statement has answered (PostgreSQL sends the lock with
   * it, so the lock is held one round trip less). Until then the reader's answer is undefined.
   */
  lockForMembers(tenantId: string, id: string): Promise<() => Group | undefined>;
  /**
   * Like lockForMembers, for a change of one member that neither If-Match nor a mapping makes depend
   * on the group's row: the group is held only against a delete or a change that locked it first
   * (FOR KEY SHARE), and changes of one group wait for each other at touchQueued instead.
   */
  shareForMember(tenantId: string, id: string): Promise<() => Group | undefined>;
  insert(g: Group): Promise<void>;
  update(g: Group, expectedVersion: number): Promise<boolean>;
  /** Bumps version and updated_at only (membership changed): one row, no rewrite of members. */
  touch(tenantId: string, id: string, at: string): Promise<Group | undefined>;
  /**
   * touch for a group this transaction read FOR UPDATE: the caller knows the result (version + 1,
   * updated_at = at), so nothing is read back (PostgreSQL sends it without waiting for its answer).
   */
  touchLocked(tenantId: string, id: string, at: string): Promise<void>;
  /**
   * touch sent without waiting for its answer (PostgreSQL), with the statements behind it: the
   * returned reader gives the touched row once the transaction has committed (undefined when the
   * group was gone).
   */
  touchQueued(tenantId: string, id: string, at: string): Promise<() => Group | undefined>;
  delete(tenantId: string, id: string): Promise<void>;
  listForProvider(
    tenantId: string,
    providerId: string,
    page: PageRequest<GroupField, GroupCollection>,
  ): Promise<Page<Group>>;
  /**
   * Inserts memberships of those `userIds` that are live users of `providerId` and not members yet;
   * returns the members actually added, with their userNames.
   */
  addMembers(
    tenantId: string,
    providerId: string,
    groupId: string,
    userIds: readonly string[],
    at: string,
  ): Promise<GroupMember[]>;
  /** Deletes the given memberships; returns the members actually removed, with their userNames. */
  removeMembers(tenantId: string, groupId: string, userIds: readonly string[]): Promise<GroupMember[]>;
  members(tenantId: string, groupId: string): Promise<GroupMember[]>;
  /** Members of several groups at once (for list pages). */
  membersOf(tenantId: string, groupIds: readonly string[]): Promise<Map<string, GroupMember[]>>;
}
