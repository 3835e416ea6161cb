import type { GuardThresholds } from '../lifecycle/deprovision-guard-rule.js';
import type { OrgMappingConfig } from '../mapping/org-mapping.js';
import type { RoleMappingConfig } from '../mapping/role-mapping.js';

/** A provisioning provider (SPEC C2, C9): a SCIM client or the directory sync tool. */
export type ProviderType = 'scim' | 'dirsync';
export type ProviderAuthType = 'bearer' | 'basic';

export interface Provider {
  id: string;
  tenantId: string;
  name: string;
  type: ProviderType;
  authType: ProviderAuthType;
  /** SHA-256 of the bearer token (high-entropy, so a fast hash is enough). */
  tokenHash: string | null;
  basicUsername: string | null;
  basicPasswordHash: string | null;
  /** SPEC C4: provider deactivations wait this long; the user is blocked meanwhile. */
  deactivationDelaySeconds: number;
  /** When this provider's deactivations look like a mass deprovisioning, they are held. */
  guard: GuardThresholds;
  /** Set while the guard holds deactivations of this provider for an administrator's decision. */
  flaggedAt: string | null;
  /** SPEC C3: where this provider's users go; `none` = the root organization. */
  orgMapping: OrgMappingConfig;
  /** SPEC C3: how this provider's users get roles; `manual` = managed in Roster. */
  roleMapping: RoleMappingConfig;
  credentialRotatedAt: string;
  createdAt: string;
  updatedAt: string;
}
