import { Type, type Static } from '@sinclair/typebox';
import type { Organization, OrganizationNode } from '../../core/directory/organization.js';
import type { Provider } from '../../core/provisioning/provider.js';
import type { OneTimeCredential } from '../../core/provisioning/provider-service.js';

/** Wire types of the admin API and their explicit mappers (STYLE habit 5: no row or entity leaks). */

/** The `{id}` path parameter of every admin API resource. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

const OrganizationFields = {
  id: Type.String(),
  name: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  defaultRoles: Type.Array(Type.String()),
  coldStorageDays: Type.Integer(),
  settings: Type.Object({
    mfaRequired: Type.Union([Type.Boolean(), Type.Null()], {
      description: "Local users must use MFA; null inherits the parent's setting",
    }),
  }),
  effective: Type.Object(
    { mfaRequired: Type.Boolean() },
    { description: 'The settings that apply, inherited where the organization sets none' },
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
export const OrganizationDto = Type.Object(OrganizationFields);
export type OrganizationDto = Static<typeof OrganizationDto>;
export const OrganizationTreeDto = Type.Recursive(
  (Self) => Type.Object({ ...OrganizationFields, children: Type.Array(Self) }),
  { $id: 'OrganizationNode' },
);

/** The settings in force for each organization (inherited ones resolved), by organization id. */
export type EffectiveSettings = ReadonlyMap<string, { mfaRequired: boolean }>;

export function toOrganizationDto(o: Organization, effective: EffectiveSettings): OrganizationDto {
  return {
    id: o.id,
    name: o.name,
    parentId: o.parentId,
    status: o.status,
    defaultRoles: [...o.defaultRoles],
    coldStorageDays: o.coldStorageDays,
    settings: { mfaRequired: o.mfaRequired ?? null },
    effective: { mfaRequired: effective.get(o.id)?.mfaRequired ?? false },
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

type TreeDto = OrganizationDto & { children: TreeDto[] };
export function toOrganizationTreeDto(n: OrganizationNode, effective: EffectiveSettings): TreeDto {
  return { ...toOrganizationDto(n, effective), children: n.children.map((c) => toOrganizationTreeDto(c, effective)) };
}

export const ProviderDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  authType: Type.String(),
  scimBaseUrl: Type.String(),
  basicUsername: Type.Union([Type.String(), Type.Null()]),
  deactivationDelaySeconds: Type.Integer(),
  guard: Type.Object(
    { percent: Type.Integer(), minUsers: Type.Integer(), windowSeconds: Type.Integer() },
    { description: 'Mass-deprovision guard thresholds' },
  ),
  flaggedAt: Type.Union([Type.String(), Type.Null()], {
    description: 'Set while the guard holds deactivations for an administrator',
  }),
  credentialRotatedAt: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ProviderDto = Static<typeof ProviderDto>;

/** A provider as a user reader sees it: who owns a user, nothing more (SPEC C6). */
export const ProviderNameDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Union([Type.Literal('scim'), Type.Literal('dirsync')]),
});

/** The provider's SCIM base URL (SPEC C2: each provider gets its own). */
export function scimBaseUrl(publicUrl: string, providerId: string): string {
  return `${publicUrl}/scim/${providerId}/v2`;
}

export function toProviderDto(p: Provider, publicUrl: string): ProviderDto {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    authType: p.authType,
    scimBaseUrl: scimBaseUrl(publicUrl, p.id),
    basicUsername: p.basicUsername,
    deactivationDelaySeconds: p.deactivationDelaySeconds,
    guard: { percent: p.guard.percent, minUsers: p.guard.minUsers, windowSeconds: p.guard.windowSeconds },
    flaggedAt: p.flaggedAt,
    credentialRotatedAt: p.credentialRotatedAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export const CredentialDto = Type.Union([
  Type.Object({ type: Type.Literal('bearer'), token: Type.String() }),
  Type.Object({ type: Type.Literal('basic'), username: Type.String(), password: Type.String() }),
]);

export function toCredentialDto(c: OneTimeCredential): Static<typeof CredentialDto> {
  return c.type === 'bearer'
    ? { type: 'bearer', token: c.token }
    : { type: 'basic', username: c.username, password: c.password };
}

export const ProviderWithCredentialDto = Type.Object({
  provider: ProviderDto,
  credential: CredentialDto,
  notice: Type.String(),
});

export const CREDENTIAL_NOTICE =
  'This credential is shown once; Roster keeps only its hash. Store it in the identity provider now.';
