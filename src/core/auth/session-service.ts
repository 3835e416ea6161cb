import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { Session, SessionClient } from './auth-ports.js';
import { runCommand } from './command.js';
import { hashSecret, newSecret, verifySecret } from './credentials.js';
import { principalOf, type Principal } from './principal.js';

/** Idle and absolute lifetimes per client (SPEC C6); the values come from Config. */
export interface SessionPolicy {
  console: { idleMs: number; absoluteMs: number };
  app: { idleMs: number; absoluteMs: number };
}

/** Activity is written at most this often per session, so an authenticated request rarely writes. */
const TOUCH_EVERY_MS = 60_000;

/** A new session's secrets, shown once: the session token, and the console's CSRF token. */
export interface OpenedSession {
  session: Session;
  token: string;
  csrfToken: string | null;
}

/** How a request presented its session: the console's cookie needs CSRF proof on state-changing requests. */
export interface PresentedSession {
  token: string;
  via: 'cookie' | 'bearer';
  /** True for POST, PUT, PATCH, DELETE. */
  stateChanging: boolean;
  csrfToken: string | undefined;
  /** The client's address, for the audit log. */
  ip: string | null;
}

/** Sessions (SPEC C6): opened by sign-in, checked on every request, revoked by sign-out or an administrator. */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly policy: SessionPolicy,
  ) {}

  /** Opens a session inside the sign-in's transaction. */
  async open(
    tx: Repositories,
    tenantId: string,
    userId: string,
    client: SessionClient,
    method: string,
  ): Promise<OpenedSession> {
    const now = this.clock.now();
    const life = this.policy[client];
    const token = newSecret('rst_ses');
    const csrfToken = client === 'console' ? newSecret('rst_csrf') : null;
    const session: Session = {
      tenantId,
      id: this.ids.newId(),
      tokenHash: hashSecret(token),
      csrfHash: csrfToken ? hashSecret(csrfToken) : null,
      userId,
      client,
      method,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      idleExpiresAt: new Date(now.getTime() + life.idleMs).toISOString(),
      absoluteExpiresAt: new Date(now.getTime() + life.absoluteMs).toISOString(),
      revokedAt: null,
    };
    await tx.sessions.insert(session);
    return { session, token, csrfToken };
  }

  /** The live session for a token, or auth.unauthenticated (unknown, revoked, idle or past its absolute limit). */
  async live(token: string): Promise<Session> {
    return this.checkLive(await this.store.repos.sessions.findByTokenHash(hashSecret(token)));
  }

  private checkLive(s: Session | undefined): Session {
    const now = this.clock.now().getTime();
    if (!s || s.revokedAt !== null || Date.parse(s.idleExpiresAt) <= now || Date.parse(s.absoluteExpiresAt) <= now)
      throw new DomainError('auth.unauthenticated', {});
    return s;
  }

  /** Authenticates a request's session and returns its principal; checks CSRF for the console cookie. */
  async authenticate(presented: PresentedSession): Promise<Principal> {
    // The session with its user and roles as they are now: one round trip, or on PostgreSQL a
    // remembered answer that every change to those rows invalidates before its commit returns
    // (storage credential-cache.ts), so a revocation, block or role change holds from the next request.
    const found = await this.store.repos.sessions.findWithUserByTokenHash(hashSecret(presented.token));
    const s = this.checkLive(found?.session);
    // Blocked and deactivated users get no principal (SPEC C6); storage also revokes their sessions.
    const principal = principalOf(s.tenantId, s.userId, found?.user, { kind: 'session', id: s.id }, presented.ip);
    if (!principal) throw new DomainError('auth.unauthenticated', {});
    if (presented.via === 'cookie' && presented.stateChanging) {
      if (!presented.csrfToken || !verifySecret(presented.csrfToken, s.csrfHash))
        throw new DomainError('auth.csrf_failed', {});
    }
    await this.touch(s);
    return principal;
  }

  private async touch(s: Session): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - Date.parse(s.lastSeenAt) < TOUCH_EVERY_MS) return;
    const idle = this.policy[s.client].idleMs;
    const idleExpiresAt = new Date(Math.min(now.getTime() + idle, Date.parse(s.absoluteExpiresAt))).toISOString();
    await this.store.transaction((tx) => tx.sessions.touch(s.tenantId, s.id, now.toISOString(), idleExpiresAt));
  }

  /** Sign-out: revokes the session the token belongs to (idempotent); the session it ended, if one was live. */
  async signOut(token: string): Promise<Session | null> {
    const s = await this.store.repos.sessions.findByTokenHash(hashSecret(token));
    if (!s || s.revokedAt !== null) return null;
    const at = this.clock.now().toISOString();
    await this.store.transaction((tx) => tx.sessions.revoke(s.tenantId, s.id, at));
    return s;
  }

  /** An administrator ends every session of a user (users.update over the user); returns how many were live. */
  async revokeAllOfUser(actor: Principal, userId: string): Promise<number> {
    return runCommand({ store: this.store, clock: this.clock, ids: this.ids }, actor, async (ctx) => {
      const user = await ctx.tx.users.findById(actor.tenantId, userId);
      if (!user) throw new DomainError('user.not_found', { id: userId });
      await ctx.access.overUser('users.update', user);
      const revoked = await ctx.tx.sessions.revokeAllOfUser(actor.tenantId, userId, ctx.now);
      await ctx.audit({ action: 'user.sessions_revoke', targetType: 'user', targetId: userId, after: { revoked } });
      return revoked;
    });
  }
}
