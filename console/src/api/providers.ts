import { apiJson } from './http';

export interface Provider {
  id: string;
  name: string;
  type: 'scim' | 'dirsync' | string;
  authType: 'bearer' | 'basic' | string;
  scimBaseUrl: string;
  basicUsername: string | null;
  deactivationDelaySeconds: number;
  guard: { percent: number; minUsers: number; windowSeconds: number };
  flaggedAt: string | null;
  credentialRotatedAt: string;
  createdAt: string;
  updatedAt: string;
}

export type Credential = { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

export interface ProviderWithCredential {
  provider: Provider;
  credential: Credential;
  notice: string;
}

export async function listProviders(): Promise<Provider[]> {
  return (await apiJson<{ providers: Provider[] }>('/providers')).providers;
}

export function getProvider(id: string): Promise<Provider> {
  return apiJson<Provider>(`/providers/${encodeURIComponent(id)}`);
}

export function createProvider(input: {
  name: string;
  type: 'scim' | 'dirsync';
  authType?: 'bearer' | 'basic';
}): Promise<ProviderWithCredential> {
  return apiJson<ProviderWithCredential>('/providers', { method: 'POST', json: input });
}

export function rotateProvider(id: string): Promise<ProviderWithCredential> {
  return apiJson<ProviderWithCredential>(`/providers/${encodeURIComponent(id)}/rotate`, { method: 'POST' });
}

export function updateProviderSettings(
  id: string,
  change: { name?: string; deactivationDelaySeconds?: number; guard?: Partial<Provider['guard']> },
): Promise<Provider> {
  return apiJson<Provider>(`/providers/${encodeURIComponent(id)}`, { method: 'PATCH', json: change });
}

/** Deleting a provider that owns users needs to say what becomes of them (SPEC C2). */
export function deleteProvider(id: string, users: 'local' | undefined): Promise<void> {
  return apiJson<void>(`/providers/${encodeURIComponent(id)}${users ? `?users=${users}` : ''}`, { method: 'DELETE' });
}

export interface HeldDeactivations {
  flaggedAt: string | null;
  held: { userId: string; userName: string; requestedAt: string }[];
}

export function getHeldDeactivations(id: string): Promise<HeldDeactivations> {
  return apiJson<HeldDeactivations>(`/providers/${encodeURIComponent(id)}/held-deactivations`);
}

export function decideHeldDeactivations(id: string, decision: 'confirm' | 'reject'): Promise<{ count: number }> {
  return apiJson(`/providers/${encodeURIComponent(id)}/held-deactivations/${decision}`, { method: 'POST', json: {} });
}
