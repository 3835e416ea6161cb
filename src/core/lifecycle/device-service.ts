import type { Archive } from '../directory/archive.js';
import type { Device } from '../directory/device.js';
import type { User } from '../directory/user.js';
import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import { runCommand, type CommandContext } from '../auth/command.js';
import type { Principal } from '../auth/principal.js';
import { coldStorageEnd } from './deactivation.js';

export interface DeviceInput {
  name: string;
  os: string;
  agentVersion?: string | null;
}

type DeviceAction = (tx: Repositories, device: Device, user: User, now: string) => Promise<Device>;

/**
 * Devices and their archives (SPEC C1, C4): register (until the agent API of a later issue does),
 * deauthorize, block, deactivate and reactivate one device. An administrator's action is immediate;
 * each needs devices.create_deactivate over the device's user (SPEC C6), checked first.
 */
export class DeviceService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /** Registers a device for a user who is not deactivated. */
  async register(actor: Principal, userId: string, input: DeviceInput): Promise<Device> {
    const name = text(input.name, 'name');
    const os = text(input.os, 'os');
    return runCommand(this.deps, actor, async ({ tx, access, audit }) => {
      const tenantId = actor.tenantId;
      const user = await tx.users.findById(tenantId, userId, { forUpdate: true });
      if (!user) throw new DomainError('user.not_found', { id: userId, field: 'userId' });
      await access.overUser('devices.create_deactivate', user);
      if (user.deactivatedAt !== null)
        throw new DomainError('user.deactivated', { id: userId, userName: user.profile.userName });
      const now = this.clock.now().toISOString();
      const device: Device = {
        id: this.ids.newId(),
        tenantId,
        userId,
        name,
        os,
        agentVersion: input.agentVersion ?? null,
        lastSeenAt: null,
        status: 'active',
        blocked: false,
        restoreStatus: null,
        createdAt: now,
        updatedAt: now,
      };
      await tx.devices.insert(device);
      await audit({ action: 'device.register', targetType: 'device', targetId: device.id, after: device });
      return device;
    });
  }

  /** Adds an archive of the device on a destination. */
  async addArchive(actor: Principal, deviceId: string, destination: string): Promise<Archive> {
    const dest = text(destination, 'destination');
    return runCommand(this.deps, actor, async (ctx) => {
      const { tx, audit } = ctx;
      const tenantId = actor.tenantId;
      const device = await tx.devices.findById(tenantId, deviceId);
      if (!device) throw new DomainError('device.not_found', { id: deviceId, field: 'deviceId' });
      await checkOwner(ctx, device);
      if (device.status === 'deactivated') throw new DomainError('device.deactivated', { id: deviceId });
      const now = this.clock.now().toISOString();
      const archive: Archive = {
        id: this.ids.newId(),
        tenantId,
        userId: device.userId,
        deviceId,
        destination: dest,
        state: 'active',
        coldStorageUntil: null,
        createdAt: now,
        updatedAt: now,
      };
      await tx.archives.insert(archive);
      await audit({ action: 'device.add_archive', targetType: 'device', targetId: deviceId, after: archive });
      return archive;
    });
  }

  /** Signs the user out of this device only; they can sign in again (SPEC C4). */
  async deauthorize(actor: Principal, deviceId: string): Promise<Device> {
    return this.act(actor, deviceId, 'device.deauthorize', async (_tx, d, _u, now) => {
      if (d.status === 'deactivated') throw new DomainError('device.deactivated', { id: d.id });
      return { ...d, status: 'deauthorized', updatedAt: now };
    });
  }

  /** Blocks or unblocks the device: a blocked device cannot sign in, and keeps backing up (SPEC C4). */
  async setBlocked(actor: Principal, deviceId: string, blocked: boolean): Promise<Device> {
    return this.act(actor, deviceId, blocked ? 'device.block' : 'device.unblock', async (_tx, d, _u, now) =>
      d.blocked === blocked ? d : { ...d, blocked, updatedAt: now },
    );
  }

  /** Deactivates the device: its archives go to cold storage for the organization's period, then are purged. */
  async deactivate(actor: Principal, deviceId: string): Promise<Device> {
    const tenantId = actor.tenantId;
    return this.act(actor, deviceId, 'device.deactivate', async (tx, d, user, now) => {
      // Already deactivated (alone or with its user): nothing changes.
      if (d.status === 'deactivated') return d;
      const until = await coldStorageEnd(tx, user, now);
      if ((await tx.archives.toColdStorage(tenantId, d.userId, d.id, until, now)) > 0) {
        await tx.timers.schedule({
          id: this.ids.newId(),
          tenantId,
          kind: 'archive.purge',
          userId: d.userId,
          providerId: null,
          deviceId: d.id,
          dueAt: until,
          status: 'pending',
          createdAt: now,
          updatedAt: now,
        });
      }
      return { ...d, status: 'deactivated', restoreStatus: null, updatedAt: now };
    });
  }

  /** Reactivates the device before its purge: its archives leave cold storage. Refused while its user is deactivated. */
  async reactivate(actor: Principal, deviceId: string): Promise<Device> {
    const tenantId = actor.tenantId;
    return this.act(actor, deviceId, 'device.reactivate', async (tx, d, user, now) => {
      if (user.deactivatedAt !== null)
        throw new DomainError('user.deactivated', { id: user.id, userName: user.profile.userName });
      if (d.status !== 'deactivated') return d;
      await tx.archives.restore(tenantId, d.userId, [d.id], now);
      await tx.timers.cancelPending(tenantId, d.userId, 'archive.purge', now, { deviceId: d.id });
      return { ...d, status: 'active', restoreStatus: null, updatedAt: now };
    });
  }

  /** The user's devices and archives. */
  async ofUser(tenantId: string, userId: string): Promise<{ devices: Device[]; archives: Archive[] }> {
    const [devices, archives] = await Promise.all([
      this.store.repos.devices.listOfUser(tenantId, userId),
      this.store.repos.archives.listOfUser(tenantId, userId),
    ]);
    return { devices, archives };
  }

  private get deps() {
    return { store: this.store, clock: this.clock, ids: this.ids };
  }

  private async act(actor: Principal, deviceId: string, action: string, fn: DeviceAction): Promise<Device> {
    return runCommand(this.deps, actor, async (ctx) => {
      const { tx, now, audit } = ctx;
      const tenantId = actor.tenantId;
      const found = await tx.devices.findById(tenantId, deviceId);
      if (!found) throw new DomainError('device.not_found', { id: deviceId });
      // The owner is locked first, as every lifecycle change does, then the device is read again under that lock.
      const user = await tx.users.findById(tenantId, found.userId, { forUpdate: true });
      const device = await tx.devices.findById(tenantId, deviceId);
      if (!user || !device) throw new DomainError('device.not_found', { id: deviceId });
      await checkOwner(ctx, device, user);
      const next = await fn(tx, device, user, now);
      if (next !== device) {
        await tx.devices.update(next);
        await audit({ action, targetType: 'device', targetId: deviceId, before: device, after: next });
      }
      return next;
    });
  }
}

/** devices.create_deactivate over the device's user; a device the caller cannot see answers device.not_found. */
async function checkOwner(ctx: CommandContext, device: Device, owner?: User): Promise<void> {
  const user = owner ?? (await ctx.tx.users.findById(ctx.actor.tenantId, device.userId));
  if (!user) throw new DomainError('device.not_found', { id: device.id });
  await ctx.access.over(
    'devices.create_deactivate',
    { kind: 'user', id: user.id, orgId: user.orgId },
    () => new DomainError('device.not_found', { id: device.id }),
  );
}

function text(v: unknown, field: string): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (s === '' || s.length > 200) throw new DomainError('input.invalid', { field, reason: 'must be 1–200 characters' });
  return s;
}
