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
