// The membership half of a group change (SPEC C2, C5): the provider's own users added or
// removed, in the order the request named them, each change and each refusal logged.
import type { Group, GroupMember } from '../directory/group.js';
import type { Repositories } from '../ports.js';
import type { ProvisioningContext } from './context.js';
import type { GroupChange } from './group-provisioning.js';
import type { ChangeRecorder } from './provisioning-log.js';

/** Adds those of `ids` that are the provider's users and not members yet; returns them in request order. */
export async function addMembers(
  tx: Repositories,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  group: Group,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  // One statement adds the provider's users among `ids`; the rest are members already or not its users.
  const added = await tx.groups.addMembers(ctx.tenantId, ctx.provider.id, group.id, unique, log.at);
  return logAdded(tx, ctx, log, group, unique, added);
}

/** Logs the members `added` of those asked for (`unique`) and the ones that are not the provider's users. */
export async function logAdded(
  tx: Repositories,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  group: Group,
  unique: readonly string[],
  added: readonly GroupMember[],
): Promise<string[]> {
  const names = new Map(added.map((m) => [m.userId, m.userName]));
  const rest = unique.filter((id) => !names.has(id));
  if (rest.length > 0) {
    const own = await tx.users.findProviderUserNames(ctx.tenantId, ctx.provider.id, rest);
    for (const id of rest)
      if (!own.has(id))
        log.add('Sync Failure', null, {
          attribute: 'group',
          newValue: group.displayName,
          detail: `Member "${id}" is not a user of this provider; it was not added to group "${group.displayName}"`,
        });
  }
  // In the order the request named them.
  const order = unique.filter((id) => names.has(id));
  for (const id of order)
    log.add(
      'Modified',
      { id, profile: { userName: names.get(id) ?? '' } },
      { attribute: 'group', newValue: group.displayName },
    );
  return order;
}

/** Removes those of `ids` that are members; returns them. */
export async function removeMembers(
  tx: Repositories,
  ctx: ProvisioningContext,
  log: ChangeRecorder,
  group: Group,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  return logRemoved(log, group, await tx.groups.removeMembers(ctx.tenantId, group.id, [...new Set(ids)]));
}

/** A change that only adds members or only removes them (changeMembers). */
export function membersOnly(c: GroupChange): boolean {
  const plain = c.displayName === undefined && c.externalId === undefined && c.replaceMembers === undefined;
  return plain && c.addMembers.length > 0 !== c.removeMembers.length > 0;
}

/** Logs the members removed from `group`; returns their ids. */
export function logRemoved(log: ChangeRecorder, group: Group, removed: readonly GroupMember[]): string[] {
  for (const m of removed)
    log.add(
      'Modified',
      { id: m.userId, profile: { userName: m.userName } },
      { attribute: 'group', oldValue: group.displayName },
    );
  return removed.map((m) => m.userId);
}
