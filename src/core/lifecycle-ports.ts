// The lifecycle's storage ports (SPEC C1, C4): timers, devices, archives and legal holds.
// Part of core/ports.ts, which re-exports them; split off to keep each file one concept.
import type { Archive } from './directory/archive.js';
import type { Device } from './directory/device.js';
import type { Custodian, LegalHoldMatter } from './directory/legal-hold.js';
import type { DueTimer, HeldDeactivation, Timer, TimerKind, TimerStatus } from './lifecycle/timer.js';

/** Lifecycle timers (SPEC C4): rows with a due time, claimed exactly once by the sweeper. */
export interface TimerRepository {
  schedule(t: Timer): Promise<void>;
  /**
   * Cancels the user's open (pending or held) timers of `kind`; returns how many. With `device`,
   * only those of that device (`deviceId: null` = only the user-wide ones).
   */
  cancelPending(
    tenantId: string,
    userId: string,
    kind: TimerKind,
    at: string,
    device?: { deviceId: string | null },
  ): Promise<number>;
  /** The user's open (pending or held) timers, soonest first. */
  pendingFor(tenantId: string, userId: string): Promise<Timer[]>;
  /** Pending timers due at `now`, soonest first, across tenants: the sweeper's scan (read-only). */
  due(now: string, limit: number): Promise<DueTimer[]>;
  /**
   * Claims a due timer: `set status='done' where id=? and status='pending'`. Undefined when another
   * transaction (or instance) claimed or cancelled it first; run inside the transaction that acts on it.
   */
  claim(tenantId: string, id: string, now: string): Promise<Timer | undefined>;
  /**
   * claim for several timers of one tenant in one statement. On PostgreSQL a timer row another
   * transaction holds is skipped (`FOR UPDATE SKIP LOCKED`) instead of waited for; see stillDue.
   */
  claimMany(tenantId: string, ids: readonly string[], now: string): Promise<Timer[]>;
  /** Of `ids`, those still pending and due at `now` (a row another transaction is changing reads as it was before). */
  stillDue(tenantId: string, ids: readonly string[], now: string): Promise<string[]>;
  /** schedule for many timers at once (multi-row inserts). */
  scheduleMany(timers: readonly Timer[]): Promise<void>;
  /** cancelPending (without a device) for several users of one tenant; returns how many. */
  cancelPendingOfUsers(tenantId: string, userIds: readonly string[], kind: TimerKind, at: string): Promise<number>;
  /** Deactivations the provider requested since `since` that were not cancelled (the guard's count). */
  countProviderDeactivations(tenantId: string, providerId: string, since: string): Promise<number>;
  /** The provider's timers of `kind` in `status`, oldest first. */
  ofProvider(tenantId: string, providerId: string, kind: TimerKind, status: TimerStatus): Promise<Timer[]>;
  /** Moves a timer from `from` to `to` (optionally to a new due time); false when it was no longer in `from`. */
  transition(
    tenantId: string,
    id: string,
    from: TimerStatus,
    to: TimerStatus,
    at: string,
    dueAt?: string,
  ): Promise<boolean>;
  /** The provider's deactivations held by the guard, with usernames, oldest first. */
  heldDeactivations(tenantId: string, providerId: string): Promise<HeldDeactivation[]>;
}

/** Devices (SPEC C1, C4). */
export interface DeviceRepository {
  insert(d: Device): Promise<void>;
  findById(tenantId: string, id: string): Promise<Device | undefined>;
  listOfUser(tenantId: string, userId: string): Promise<Device[]>;
  update(d: Device): Promise<void>;
  /** Deactivates every device of the user that is not deactivated yet, remembering its status; returns how many. */
  deactivateAllOfUser(tenantId: string, userId: string, at: string): Promise<number>;
  /** deactivateAllOfUser for several users of one tenant in one statement; returns how many devices. */
  deactivateAllOfUsers(tenantId: string, userIds: readonly string[], at: string): Promise<number>;
  /** Gives every device deactivated with its user its remembered status back; returns how many. */
  restoreAllOfUser(tenantId: string, userId: string, at: string): Promise<number>;
}

/** Backup archives (SPEC C1, C4). */
export interface ArchiveRepository {
  insert(a: Archive): Promise<void>;
  listOfUser(tenantId: string, userId: string): Promise<Archive[]>;
  /** Active archives of the user (or of one device) → cold storage until `until`; returns how many. */
  toColdStorage(tenantId: string, userId: string, deviceId: string | null, until: string, at: string): Promise<number>;
  /** Active archives of several users (all their devices) → cold storage until `until`; returns the ids of the users that had some. */
  toColdStorageOfUsers(tenantId: string, userIds: readonly string[], until: string, at: string): Promise<string[]>;
  /** Archives in cold storage of the given devices → active; returns how many. */
  restore(tenantId: string, userId: string, deviceIds: readonly string[], at: string): Promise<number>;
  /** Archives of the user (or of one device) in cold storage until `now` or earlier → purged; returns how many. */
  purgeDue(tenantId: string, userId: string, deviceId: string | null, now: string): Promise<number>;
}

/** Legal-hold matters and their custodians (SPEC C1). */
export interface LegalHoldRepository {
  insertMatter(m: LegalHoldMatter): Promise<void>;
  findMatter(tenantId: string, id: string): Promise<LegalHoldMatter | undefined>;
  listMatters(tenantId: string): Promise<LegalHoldMatter[]>;
  updateMatter(m: LegalHoldMatter): Promise<void>;
  /** False when the user already was a custodian of the matter. */
  addCustodian(c: Custodian): Promise<boolean>;
  /** False when the user was not a custodian of the matter. */
  removeCustodian(tenantId: string, matterId: string, userId: string): Promise<boolean>;
  custodians(tenantId: string, matterId: string): Promise<Custodian[]>;
  /** The active matters the user is a custodian of: non-empty = on legal hold (SPEC C1). */
  activeMattersOf(tenantId: string, userId: string): Promise<LegalHoldMatter[]>;
  /** activeMattersOf for several users at once; users on no hold are absent from the map. */
  activeMattersOfUsers(tenantId: string, userIds: readonly string[]): Promise<Map<string, LegalHoldMatter[]>>;
}
