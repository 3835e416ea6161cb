// Composition root, part 1 (STYLE layout): one store → every service core offers. app.ts builds
// the HTTP side on top; the CLI uses the same function (never the store or an adapter directly).
import type { Config } from './config/config.js';
import { SessionService, type SessionPolicy } from './core/auth/session-service.js';
import type { AuditReader, Clock, Ids, Store, SyncLogReader } from './core/ports.js';
import { ApiTokenService } from './core/auth/api-token-service.js';
import { AuditService } from './core/audit/audit-service.js';
import { ProviderAuth } from './core/auth/provider-auth.js';
import { OrganizationService } from './core/directory/organization-service.js';
import { UserAdminService } from './core/directory/user-admin-service.js';
import { DeprovisionGuardService } from './core/lifecycle/deprovision-guard-service.js';
import { DeviceService } from './core/lifecycle/device-service.js';
import { LegalHoldService } from './core/lifecycle/legal-hold-service.js';
import { LifecycleTimers } from './core/lifecycle/timer-runner.js';
import { UserLifecycleService } from './core/lifecycle/user-lifecycle-service.js';
import { GroupProvisioning } from './core/provisioning/group-provisioning.js';
import { ProviderMappingService } from './core/provisioning/provider-mapping-service.js';
import { MappingApplyService } from './core/provisioning/mapping-apply.js';
import { ProviderService } from './core/provisioning/provider-service.js';
import { UserProvisioning } from './core/provisioning/user-provisioning.js';
import { SyncLogService } from './core/sync-log/sync-log-service.js';
import { PasswordLinkService } from './core/auth/password-link-service.js';
import { SignInService } from './core/auth/sign-in-service.js';
import { MfaFactors } from './core/auth/mfa-factor.js';
import { MfaSignIn } from './core/auth/mfa-sign-in.js';
import { MfaService } from './core/auth/mfa-service.js';
import { SecretBox } from './core/auth/secret-box.js';
import { LocalUserService } from './core/directory/local-user-service.js';
import { TenantService } from './core/directory/tenant-service.js';
import { uuidV7 } from './uuid-v7.js';

export const systemClock: Clock = { now: () => new Date() };
export const uuidIds: Ids = { newId: () => uuidV7() };

/** The services core offers, wired to one store. */
export interface Services {
  store: Store;
  organizations: OrganizationService;
  providers: ProviderService;
  /** SPEC C3: each provider's organization and role mapping settings. */
  mappings: ProviderMappingService;
  /** Apply organization and role settings. */
  mappingApply: MappingApplyService;
  users: UserProvisioning;
  groups: GroupProvisioning;
  providerAuth: ProviderAuth;
  /** SPEC C6: API tokens for automation (authenticate, issue, revoke). */
  apiTokens: ApiTokenService;
  /** SPEC C6: the audit log (read, export, record events). */
  audit: AuditService;
  syncLog: SyncLogService;
  /** SPEC C4: administrators' lifecycle actions, devices, legal holds, the mass-deprovision guard, due timers. */
  lifecycle: UserLifecycleService;
  devices: DeviceService;
  legalHolds: LegalHoldService;
  deprovisionGuard: DeprovisionGuardService;
  /** User search, organization moves and manual roles. */
  userAdmin: UserAdminService;
  timers: LifecycleTimers;
  /** SPEC C1, C6: tenants, local users, password links, sessions and sign-in. */
  tenants: TenantService;
  localUsers: LocalUserService;
  passwordLinks: PasswordLinkService;
  sessions: SessionService;
  signIn: SignInService;
  /** SPEC C6 MFA: the sign-in step, and self-service and administration. */
  mfaSignIn: MfaSignIn;
  mfa: MfaService;
}

/** Session lifetimes from Config (SPEC C6). */
export function sessionPolicy(config: Config): SessionPolicy {
  const a = config.auth;
  return {
    console: { idleMs: a.consoleIdleMs, absoluteMs: a.consoleAbsoluteMs },
    app: { idleMs: a.appIdleMs, absoluteMs: a.appAbsoluteMs },
  };
}

/** Repositories → services. */
export function buildServices(
  store: Store & { syncLogReader: SyncLogReader; auditReader: AuditReader },
  clock: Clock = systemClock,
  ids: Ids = uuidIds,
  policy: SessionPolicy = {
    console: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
    app: { idleMs: 7 * 86_400_000, absoluteMs: 30 * 86_400_000 },
  },
  mfaKey: Buffer | null = null,
): Services {
  const passwordLinks = new PasswordLinkService(store, clock, ids);
  const sessions = new SessionService(store, clock, ids, policy);
  const audit = new AuditService(store.auditReader, store, ids);
  const mfaFactors = new MfaFactors(mfaKey ? new SecretBox(mfaKey) : null);
  const mfaSignIn = new MfaSignIn(store, clock, ids, sessions, mfaFactors);
  return {
    store,
    organizations: new OrganizationService(store, clock, ids),
    providers: new ProviderService(store, clock, ids),
    mappings: new ProviderMappingService(store, clock, ids),
    mappingApply: new MappingApplyService(store, clock, ids),
    users: new UserProvisioning(store, clock, ids),
    groups: new GroupProvisioning(store, clock, ids),
    providerAuth: new ProviderAuth(store),
    apiTokens: new ApiTokenService(store, clock, ids),
    audit,
    syncLog: new SyncLogService(store.syncLogReader, store, clock),
    lifecycle: new UserLifecycleService(store, clock, ids),
    devices: new DeviceService(store, clock, ids),
    legalHolds: new LegalHoldService(store, clock, ids),
    deprovisionGuard: new DeprovisionGuardService(store, clock, ids),
    userAdmin: new UserAdminService(store, clock, ids),
    timers: new LifecycleTimers(store, ids),
    tenants: new TenantService(store, clock, ids, passwordLinks),
    localUsers: new LocalUserService(store, clock, ids, passwordLinks),
    passwordLinks,
    sessions,
    signIn: new SignInService(store, clock, sessions, audit, ids, mfaSignIn),
    mfaSignIn,
    mfa: new MfaService(store, clock, ids, mfaFactors),
  };
}
