import type { Kysely } from 'kysely';
import { chunks } from './chunks.js';
import type { AuditEntry, AuditRecord } from '../../core/audit/audit-log.js';
import type { AuditRepository } from '../../core/ports.js';
import type { AuditLogTable, Database } from '../schema.js';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const parse = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));

/** An audit row as its entity (JSON columns parsed). */
export const toAuditRecord = (r: AuditLogTable): AuditRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  at: r.at,
  actorUserId: r.actor_user_id,
  actorUsername: r.actor_username,
  credentialKind: r.credential_kind,
  credentialId: r.credential_id,
  ip: r.ip,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: parse(r.before),
  after: parse(r.after),
});

/** Appends audit entries inside the action's transaction (SPEC C6). */
export class KyselyAuditRepository implements AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    // 50 rows × 14 columns a statement: under SQLite's bound-parameter cap (a bulk upload audits thousands).
    for (const part of chunks(entries, 50)) await this.insert(part);
  }

  private async insert(entries: readonly AuditEntry[]): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values(
        entries.map((e) => ({
          tenant_id: e.tenantId,
          id: e.id,
          at: e.at,
          actor_user_id: e.actorUserId,
          actor_username: e.actorUsername,
          // Lower-cased in JavaScript (Unicode), as the sync log's usernames are (migration 0006).
          actor_username_lower: e.actorUsername === null ? null : e.actorUsername.toLowerCase(),
          credential_kind: e.credentialKind,
          credential_id: e.credentialId,
          ip: e.ip,
          action: e.action,
          target_type: e.targetType,
          target_id: e.targetId,
          before: json(e.before),
          after: json(e.after),
        })),
      )
      .execute();
  }
}
