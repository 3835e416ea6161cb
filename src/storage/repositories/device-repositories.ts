import type { Kysely } from 'kysely';
import type { Archive, ArchiveState } from '../../core/directory/archive.js';
import type { Device, DeviceStatus } from '../../core/directory/device.js';
import type { ArchiveRepository, DeviceRepository } from '../../core/ports.js';
import type { ArchivesTable, Database, DevicesTable } from '../schema.js';
import { chunks } from './chunks.js';

const toDevice = (r: DevicesTable): Device => ({
  id: r.id,
  tenantId: r.tenant_id,
  userId: r.user_id,
  name: r.name,
  os: r.os,
  agentVersion: r.agent_version,
  lastSeenAt: r.last_seen_at,
  status: r.status as DeviceStatus,
  blocked: Number(r.blocked) === 1,
  restoreStatus: r.restore_status as Device['restoreStatus'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toDeviceRow = (d: Device): DevicesTable => ({
  id: d.id,
  tenant_id: d.tenantId,
  user_id: d.userId,
  name: d.name,
  os: d.os,
  agent_version: d.agentVersion,
  last_seen_at: d.lastSeenAt,
  status: d.status,
  blocked: d.blocked ? 1 : 0,
  restore_status: d.restoreStatus,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
});

/** Devices (SPEC C1, C4); every query names the tenant. */
export class KyselyDeviceRepository implements DeviceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(d: Device): Promise<void> {
    await this.db.insertInto('devices').values(toDeviceRow(d)).execute();
  }

  async findById(tenantId: string, id: string): Promise<Device | undefined> {
    const r = await this.db
      .selectFrom('devices')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toDevice(r) : undefined;
  }

  async listOfUser(tenantId: string, userId: string): Promise<Device[]> {
    return (
      await this.db
        .selectFrom('devices')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    ).map(toDevice);
  }

  async update(d: Device): Promise<void> {
    const { id, tenant_id, created_at, ...row } = toDeviceRow(d);
    void created_at;
    await this.db.updateTable('devices').set(row).where('tenant_id', '=', tenant_id).where('id', '=', id).execute();
  }

  async deactivateAllOfUser(tenantId: string, userId: string, at: string): Promise<number> {
    const r = await this.db
      .updateTable('devices')
      .set((eb) => ({ restore_status: eb.ref('status'), status: 'deactivated', updated_at: at }))
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('status', '!=', 'deactivated')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async deactivateAllOfUsers(tenantId: string, userIds: readonly string[], at: string): Promise<number> {
    let n = 0;
    for (const part of chunks(userIds)) {
      const r = await this.db
        .updateTable('devices')
        .set((eb) => ({ restore_status: eb.ref('status'), status: 'deactivated', updated_at: at }))
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', part)
        .where('status', '!=', 'deactivated')
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  async restoreAllOfUser(tenantId: string, userId: string, at: string): Promise<number> {
    const r = await this.db
      .updateTable('devices')
      .set((eb) => ({
        status: eb.fn.coalesce('restore_status', eb.val('active')),
        restore_status: null,
        updated_at: at,
      }))
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('restore_status', 'is not', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

const toArchive = (r: ArchivesTable): Archive => ({
  id: r.id,
  tenantId: r.tenant_id,
  userId: r.user_id,
  deviceId: r.device_id,
  destination: r.destination,
  state: r.state as ArchiveState,
  coldStorageUntil: r.cold_storage_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Backup archives and their cold storage (SPEC C4). */
export class KyselyArchiveRepository implements ArchiveRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(a: Archive): Promise<void> {
    await this.db
      .insertInto('archives')
      .values({
        id: a.id,
        tenant_id: a.tenantId,
        user_id: a.userId,
        device_id: a.deviceId,
        destination: a.destination,
        state: a.state,
        cold_storage_until: a.coldStorageUntil,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })
      .execute();
  }

  async listOfUser(tenantId: string, userId: string): Promise<Archive[]> {
    return (
      await this.db
        .selectFrom('archives')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    ).map(toArchive);
  }

  async toColdStorage(
    tenantId: string,
    userId: string,
    deviceId: string | null,
    until: string,
    at: string,
  ): Promise<number> {
    let q = this.db
      .updateTable('archives')
      .set({ state: 'cold_storage', cold_storage_until: until, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('state', '=', 'active');
    if (deviceId !== null) q = q.where('device_id', '=', deviceId);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async toColdStorageOfUsers(
    tenantId: string,
    userIds: readonly string[],
    until: string,
    at: string,
  ): Promise<string[]> {
    const users = new Set<string>();
    for (const part of chunks(userIds)) {
      const rows = await this.db
        .updateTable('archives')
        .set({ state: 'cold_storage', cold_storage_until: until, updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', part)
        .where('state', '=', 'active')
        .returning('user_id')
        .execute();
      for (const r of rows) users.add(r.user_id);
    }
    return [...users];
  }

  async restore(tenantId: string, userId: string, deviceIds: readonly string[], at: string): Promise<number> {
    if (deviceIds.length === 0) return 0;
    const r = await this.db
      .updateTable('archives')
      .set({ state: 'active', cold_storage_until: null, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('state', '=', 'cold_storage')
      .where('device_id', 'in', deviceIds)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async purgeDue(tenantId: string, userId: string, deviceId: string | null, now: string): Promise<number> {
    let q = this.db
      .updateTable('archives')
      .set({ state: 'purged', updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('state', '=', 'cold_storage')
      .where('cold_storage_until', '<=', now);
    if (deviceId !== null) q = q.where('device_id', '=', deviceId);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }
}
