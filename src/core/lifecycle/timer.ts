/** A lifecycle action due at a time (SPEC C4): a row processed by the sweeper, never a setTimeout. */
export interface Timer {
  id: string;
  tenantId: string;
  kind: TimerKind;
  userId: string;
  providerId: string | null;
  dueAt: string;
  status: 'pending' | 'done' | 'cancelled';
  createdAt: string;
  updatedAt: string;
}

export type TimerKind = 'user.deactivate';
