import type { User } from '../directory/user.js';
import type { ChangeType, SyncLogEntry } from '../sync-log/sync-log.js';
import type { ProvisioningContext } from './context.js';
import type { InputNote } from './user-input.js';

/** Collects the sync-log entries of one provisioning call; written in its transaction (SPEC C5). */
export class ChangeRecorder {
  readonly entries: SyncLogEntry[] = [];

  constructor(
    private readonly ctx: Pick<ProvisioningContext, 'tenantId' | 'provider'>,
    readonly at: string,
  ) {}

  /** Records one change for a user (or for no user, e.g. a group). */
  add(
    changeType: ChangeType,
    user: { id: string; profile: { userName: string } } | null,
    fields: {
      attribute?: string | null;
      oldValue?: string | null;
      newValue?: string | null;
      detail?: string | null;
    } = {},
  ): void {
    this.entries.push({
      tenantId: this.ctx.tenantId,
      providerId: this.ctx.provider.id,
      at: this.at,
      userId: user?.id ?? null,
      username: user?.profile.userName ?? null,
      changeType,
      attribute: fields.attribute ?? null,
      oldValue: fields.oldValue ?? null,
      newValue: fields.newValue ?? null,
      detail: fields.detail ?? null,
    });
  }

  /** Records input normalisation notes: failures as Sync Failure, normalisations as Modified. */
  notes(user: Pick<User, 'id' | 'profile'>, notes: readonly InputNote[]): void {
    for (const n of notes) {
      this.add(n.kind === 'failure' ? 'Sync Failure' : 'Modified', user, {
        attribute: n.attribute,
        oldValue: n.oldValue,
        newValue: n.newValue,
        detail: n.detail,
      });
    }
  }
}
