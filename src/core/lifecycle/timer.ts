/**
 * A lifecycle action due at a time (SPEC C4): a row processed by the sweeper (jobs/timer-sweeper.ts),
 * never a setTimeout, so timers survive restarts and run exactly once across instances.
 */
export interface Timer {
  id: string;
  tenantId: string;
  kind: TimerKind;
  userId: string;
  /** The provider whose deactivation scheduled it; null for administrators' and system actions. */
  providerId: string | null;
  /** For an archive.purge of one device's archives; null when the timer concerns the whole user. */
  deviceId: string | null;
  dueAt: string;
  status: TimerStatus;
  createdAt: string;
  updatedAt: string;
}

/** user.deactivate: a provider's delayed deactivation. archive.purge: cold storage has expired. */
export type TimerKind = 'user.deactivate' | 'archive.purge';

/**
 * pending → done (the sweeper claimed and ran it) or cancelled (a re-activation). held: kept by the
 * mass-deprovision guard until an administrator confirms (→ pending, due now) or rejects (→ cancelled).
 */
export type TimerStatus = 'pending' | 'held' | 'done' | 'cancelled';

/** A due timer as the sweeper's scan returns it: enough to lock its user and claim it. */
export interface DueTimer {
  id: string;
  tenantId: string;
  userId: string;
  /** When it fell due (ISO-8601): how late the sweeper runs it is the sweeper's lag. */
  dueAt: string;
}

/** A deactivation the guard holds, as administrators review it. */
export interface HeldDeactivation {
  timerId: string;
  userId: string;
  userName: string;
  requestedAt: string;
}
