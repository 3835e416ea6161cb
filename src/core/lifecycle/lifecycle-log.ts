import type { User } from '../directory/user.js';
import type { ChangeType, SyncLogEntry } from '../sync-log/sync-log.js';
import { describeTransition } from './user-state.js';

type Fields = { attribute?: string | null; oldValue?: string | null; newValue?: string | null; detail?: string | null };
type LoggedUser = Pick<User, 'id' | 'profile'>;

/** Anything that records sync-log lines: the provisioning ChangeRecorder or a LifecycleLog. */
export interface ChangeSink {
  add(changeType: ChangeType, user: LoggedUser | null, fields?: Fields): void;
}

/** Records a lifecycle change of `before` → `after` (SPEC C5), if there is one. */
export function recordTransition(sink: ChangeSink, before: User, after: User, detail: string): void {
  const t = describeTransition(before, after);
  if (t) sink.add(t.changeType, after, { attribute: t.attribute, oldValue: t.oldValue, newValue: t.newValue, detail });
}

/**
 * The sync-log lines of one lifecycle action outside a provisioning request: an administrator's
 * (providerId null) or a timer's (the provider that asked for the deactivation). Written in the
 * action's own transaction (SPEC C5).
 */
export class LifecycleLog implements ChangeSink {
  readonly entries: SyncLogEntry[] = [];

  constructor(
    private readonly tenantId: string,
    private readonly providerId: string | null,
    readonly at: string,
  ) {}

  add(changeType: ChangeType, user: LoggedUser | null, fields: Fields = {}): void {
    this.entries.push({
      tenantId: this.tenantId,
      providerId: this.providerId,
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

  /** Records `before` → `after`, if anything changed. */
  transition(before: User, after: User, detail: string): void {
    recordTransition(this, before, after, detail);
  }
}
