/** A user's device running the backup agent (SPEC C1, C4). */
export type DeviceStatus = 'active' | 'deauthorized' | 'deactivated';

export interface Device {
  id: string;
  tenantId: string;
  userId: string;
  name: string;
  os: string;
  agentVersion: string | null;
  lastSeenAt: string | null;
  /** deauthorized = signed out of this device only; deactivated = archives in cold storage (SPEC C4). */
  status: DeviceStatus;
  /** A blocked device cannot sign in but keeps backing up (SPEC C4). */
  blocked: boolean;
  /** Set when the device was deactivated together with its user: the status the user's reactivation restores. */
  restoreStatus: Exclude<DeviceStatus, 'deactivated'> | null;
  createdAt: string;
  updatedAt: string;
}
