import { DomainError } from '../errors.js';
import type { Clock, Ids, Repositories, Store } from '../ports.js';
import type { Principal } from './api-auth.js';
import type { Session, SessionClient } from './auth-ports.js';
import { hashSecret, newSecret, verifySecret } from './credentials.js';
import { sessionPrincipal } from './session-principal.js';

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
    const s = await this.store.repos.sessions.findByTokenHash(hashSecret(token));
    const now = this.clock.now().getTime();
    if (!s || s.revokedAt !== null || Date.parse(s.idleExpiresAt) <= now || Date.parse(s.absoluteExpiresAt) <= now)
      throw new DomainError('auth.unauthenticated', {});
    return s;
  }

  /** Authenticates a request's session and returns its principal; checks CSRF for the console cookie. */
  async authenticate(presented: PresentedSession): Promise<Principal> {
    const s = await this.live(presented.token);
    const user = await this.store.repos.users.findById(s.tenantId, s.userId);
    // Blocked and deactivated users lose their sessions (SPEC C6); storage also revokes them on the change.
    if (!user || user.status !== 'active') throw new DomainError('auth.unauthenticated', {});
    if (presented.via === 'cookie' && presented.stateChanging) {
      if (!presented.csrfToken || !verifySecret(presented.csrfToken, s.csrfHash))
        throw new DomainError('auth.csrf_failed', {});
    }
    await this.touch(s);
    return sessionPrincipal(this.store.repos, s);
  }

  private async touch(s: Session): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - Date.parse(s.lastSeenAt) < TOUCH_EVERY_MS) return;
    const idle = this.policy[s.client].idleMs;
    const idleExpiresAt = new Date(Math.min(now.getTime() + idle, Date.parse(s.absoluteExpiresAt))).toISOString();
    await this.store.transaction((tx) => tx.sessions.touch(s.tenantId, s.id, now.toISOString(), idleExpiresAt));
  }

  /** Sign-out: revokes the session the token belongs to (idempotent). */
  async signOut(token: string): Promise<void> {
    const s = await this.store.repos.sessions.findByTokenHash(hashSecret(token));
    if (!s) return;
    const at = this.clock.now().toISOString();
    await this.store.transaction((tx) => tx.sessions.revoke(s.tenantId, s.id, at));
  }

  /** An administrator ends every session of a user; returns how many were live. */
  async revokeAllOfUser(tenantId: string, userId: string): Promise<number> {
    const at = this.clock.now().toISOString();
    return this.store.transaction(async (tx) => {
      if (!(await tx.users.findById(tenantId, userId))) throw new DomainError('user.not_found', { id: userId });
      return tx.sessions.revokeAllOfUser(tenantId, userId, at);
    });
  }
}
