import type { IssuedPasswordLink, PasswordLinkService } from '../auth/password-link-service.js';
import { checkAssignable } from '../auth/assignable-roles.js';
import { readAccess, runCommand, type CommandContext } from '../auth/command.js';
import { hashPassword } from '../auth/password-hash.js';
import type { Principal } from '../auth/principal.js';
import type { Access } from '../auth/access.js';
import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import { checkLocalUser, type CheckedLocalUser, type InputProblem, type LocalUserInput } from './local-user-input.js';
import { localUser } from './new-records.js';
import { emptyProfile, type User } from './user.js';

/** One row of a bulk upload: its line in the file and what it says. */
export interface ImportRow {
  line: number;
  input: LocalUserInput;
}

/** A rejected row: its line and every problem found in it. */
export interface ImportRejection {
  line: number;
  userName: string;
  problems: InputProblem[];
}

/** What a bulk upload did (or, in a dry run, would do). */
export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  rejected: ImportRejection[];
}

/** Progress of a long upload, for a terminal's progress bar. */
export type ImportProgress = (phase: 'check' | 'hash' | 'write', done: number, total: number) => void;

// argon2 runs on libuv's thread pool; a few at a time keep a 2-core machine responsive.
const HASH_CONCURRENCY = 4;
/** Users written per round of multi-row statements in a bulk upload. */
const WRITE_BATCH = 500;

/** Local users (SPEC C6 local directory): one by one or a bulk upload, with passwords or set-password links. */
export class LocalUserService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly links: PasswordLinkService,
  ) {}

  /** The user with this username (case-insensitive), or user.not_found. */
  async byUserName(tenantId: string, userName: string): Promise<User> {
    const u = await this.store.repos.users.findByUserName(tenantId, userName.trim());
    if (!u) throw new DomainError('user.not_found', { id: userName });
    return u;
  }

  /**
   * Creates one local user (users.create_deactivate over their organization, and the right to give
   * their roles); without a password, issues their one-time set-password link.
   */
  async create(actor: Principal, input: LocalUserInput): Promise<{ user: User; link: IssuedPasswordLink | null }> {
    const tenantId = actor.tenantId;
    const ctx = await this.context(tenantId);
    const checked = checkLocalUser(input, ctx);
    if (!checked.ok) {
      const [first] = checked.problems;
      throw new DomainError('input.invalid', { field: first?.field ?? 'input', reason: first?.reason ?? 'is invalid' });
    }
    await checkCreate(readAccess(this.store, actor), actor, [checked.value]);
    const hash = checked.value.password === null ? null : await hashPassword(checked.value.password);
    return runCommand(this.deps(), actor, async (c) => {
      await checkCreate(c.access, actor, [checked.value]);
      const user = await this.insert(c.tx, tenantId, checked.value, hash);
      const link = hash === null ? await this.links.issueIn(c.tx, tenantId, user.id, 'set') : null;
      await auditCreated(c, [user]);
      return { user, link };
    });
  }

  /**
   * A bulk upload: every row is checked, every bad row reported by line with all its problems,
   * and the good rows created together in one transaction (none when `dryRun`).
   */
  async import(
    actor: Principal,
    rows: readonly ImportRow[],
    opts: { dryRun: boolean; onProgress?: ImportProgress },
  ): Promise<ImportReport> {
    const tenantId = actor.tenantId;
    readAccess(this.store, actor).require('users.create_deactivate');
    const progress = opts.onProgress ?? (() => undefined);
    const ctx = await this.context(tenantId);
    const good: { line: number; user: CheckedLocalUser }[] = [];
    const rejected: ImportRejection[] = [];
    const seen = new Map<string, number>();
    const keyOf = (row: ImportRow) => row.input.userName.trim().toLowerCase();
    // One lookup for the whole file, not a round trip per line.
    const taken = await this.store.repos.users.takenUserNames(
      tenantId,
      rows.map(keyOf).filter((k) => k !== ''),
    );
    for (const [i, row] of rows.entries()) {
      const checked = checkLocalUser(row.input, ctx);
      const problems = checked.ok ? [] : [...checked.problems];
      const key = keyOf(row);
      const earlier = seen.get(key);
      if (key !== '' && earlier !== undefined) problems.push({ field: 'username', reason: `repeats line ${earlier}` });
      else if (key !== '' && taken.has(key)) problems.push({ field: 'username', reason: 'is already taken' });
      if (key !== '' && earlier === undefined) seen.set(key, row.line);
      if (checked.ok && problems.length === 0) good.push({ line: row.line, user: checked.value });
      else rejected.push({ line: row.line, userName: row.input.userName, problems });
      if (i % 100 === 99 || i === rows.length - 1) progress('check', i + 1, rows.length);
    }
    // Every permission before any work: the caller must be able to create users in each row's
    // organization and give each row's roles, or nothing is created (one request, one transaction).
    await checkCreate(
      readAccess(this.store, actor),
      actor,
      good.map((g) => g.user),
    );
    if (opts.dryRun) return { dryRun: true, rows: rows.length, created: good.length, rejected };
    const hashes = await this.hashAll(
      good.map((g) => g.user.password),
      progress,
    );
    await runCommand(this.deps(), actor, async (c) => {
      // Multi-row statements, 500 users at a time (progress between), all in this one transaction.
      for (let at = 0; at < good.length; at += WRITE_BATCH) {
        const part = good.slice(at, at + WRITE_BATCH).map((g, i) => ({ user: g.user, hash: hashes[at + i] ?? null }));
        await auditCreated(c, await this.insertMany(c.tx, tenantId, part));
        progress('write', at + part.length, good.length);
      }
    });
    return { dryRun: false, rows: rows.length, created: good.length, rejected };
  }

  private deps() {
    return { store: this.store, clock: this.clock, ids: this.ids };
  }

  private async hashAll(passwords: (string | null)[], progress: ImportProgress): Promise<(string | null)[]> {
    const out: (string | null)[] = new Array<string | null>(passwords.length).fill(null);
    const todo = passwords.flatMap((p, i) => (p === null ? [] : [{ p, i }]));
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let job = todo[next++]; job; job = todo[next++]) {
        out[job.i] = await hashPassword(job.p);
        done += 1;
        progress('hash', done, todo.length);
      }
    };
    await Promise.all(Array.from({ length: HASH_CONCURRENCY }, worker));
    return out;
  }

  private async context(tenantId: string) {
    const tenant = await this.store.repos.tenants.findById(tenantId);
    if (!tenant) throw new DomainError('tenant.not_found', { id: tenantId });
    const orgs = await this.store.repos.organizations.list(tenantId);
    const root = orgs.find((o) => o.parentId === null);
    if (!root) throw new DomainError('organization.not_found', { name: 'root' });
    const byName = new Map(orgs.filter((o) => o.status === 'active').map((o) => [o.name.toLowerCase(), o]));
    return {
      requireEmailUsername: tenant.requireEmailUsername,
      root,
      orgByName: (name: string) => byName.get(name.trim().toLowerCase()),
    };
  }

  private async insert(tx: Repositories, tenantId: string, c: CheckedLocalUser, hash: string | null): Promise<User> {
    const [user] = await this.insertMany(tx, tenantId, [{ user: c, hash }]);
    return user as User;
  }

  /** Inserts users with their roles (SPEC C3: no roles given → their organization's defaults) and passwords. */
  private async insertMany(
    tx: Repositories,
    tenantId: string,
    rows: readonly { user: CheckedLocalUser; hash: string | null }[],
  ): Promise<User[]> {
    const now = this.clock.now().toISOString();
    const users = rows.map(({ user: c }) => {
      const profile = emptyProfile(c.userName);
      profile.name.givenName = c.firstName;
      profile.name.familyName = c.lastName;
      profile.displayName = [c.firstName, c.lastName].filter((x) => x !== null).join(' ') || null;
      if (c.email !== null) profile.multi.emails = [{ value: c.email, type: 'work', primary: true, display: null }];
      return localUser({ id: this.ids.newId(), tenantId, orgId: c.org.id }, profile, now);
    });
    await tx.users.insertMany(users);
    const grants = rows.flatMap(({ user: c }, i) => {
      const userId = (users[i] as User).id;
      return c.roles
        ? c.roles.map((r) => ({ userId, roleId: r.id, source: 'manual' }))
        : c.org.defaultRoles.map((roleId) => ({ userId, roleId, source: 'default' }));
    });
    if (grants.length > 0) await tx.roles.assignMany(tenantId, grants, now);
    const credentials = rows.flatMap(({ hash }, i) =>
      hash === null
        ? []
        : [
            {
              tenantId,
              userId: (users[i] as User).id,
              passwordHash: hash,
              passwordSetAt: now,
              failedAttempts: 0,
              lockouts: 0,
              lockedUntil: null,
              updatedAt: now,
            },
          ],
    );
    if (credentials.length > 0) await tx.credentials.insertMany(credentials);
    return users;
  }
}

/** users.create_deactivate over each new user's organization, and the right to give their roles. */
async function checkCreate(access: Access, actor: Principal, users: readonly CheckedLocalUser[]): Promise<void> {
  access.require('users.create_deactivate');
  for (const orgId of new Set(users.map((u) => u.org.id)))
    await access.overOrganization('users.create_deactivate', orgId, 'organization');
  const roleIds = new Set(users.flatMap((u) => (u.roles ?? []).map((r) => r.id)));
  if (roleIds.size > 0) checkAssignable(actor, [...roleIds]);
}

/** One audit entry per created user (SPEC C6 audit log), never their password or link. */
async function auditCreated(c: CommandContext, users: readonly User[]): Promise<void> {
  await c.auditMany(
    users.map((u) => ({
      action: 'user.create',
      targetType: 'user',
      targetId: u.id,
      after: { userName: u.profile.userName, orgId: u.orgId, local: true },
    })),
  );
}
