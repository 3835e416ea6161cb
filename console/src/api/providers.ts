import { api, ok, type Body } from './client';

export type Provider = Body<'/api/v1/providers/{id}', 'get'>;
export type ProviderWithCredential = Body<'/api/v1/providers', 'post', 201>;
export type Credential = ProviderWithCredential['credential'];
export type ProviderName = Body<'/api/v1/provider-names', 'get'>['providers'][number];
export type HeldDeactivations = Body<'/api/v1/providers/{id}/held-deactivations', 'get'>;

const at = (id: string) => ({ params: { path: { id } } });

export async function listProviders(): Promise<Provider[]> {
  return (await ok(api.GET('/api/v1/providers'))).providers;
}

/** Names only: readable by anyone who may read users (an Org Admin too). */
export async function listProviderNames(): Promise<ProviderName[]> {
  return (await ok(api.GET('/api/v1/provider-names'))).providers;
}

export function getProvider(id: string): Promise<Provider> {
  return ok(api.GET('/api/v1/providers/{id}', at(id)));
}

export function createProvider(input: {
  name: string;
  type: 'scim' | 'dirsync';
  authType?: 'bearer' | 'basic';
}): Promise<ProviderWithCredential> {
  return ok(api.POST('/api/v1/providers', { body: input }));
}

export function rotateProvider(id: string): Promise<ProviderWithCredential> {
  return ok(api.POST('/api/v1/providers/{id}/rotate', at(id)));
}

export function updateProviderSettings(
  id: string,
  change: { name?: string; deactivationDelaySeconds?: number; guard?: Partial<Provider['guard']> },
): Promise<Provider> {
  return ok(api.PATCH('/api/v1/providers/{id}', { ...at(id), body: change }));
}

/** Deleting a provider that owns users needs to say what becomes of them (SPEC C2). */
export async function deleteProvider(id: string, users: 'local' | undefined): Promise<void> {
  await ok(api.DELETE('/api/v1/providers/{id}', { params: { path: { id }, query: users ? { users } : {} } }));
}

export function getHeldDeactivations(id: string): Promise<HeldDeactivations> {
  return ok(api.GET('/api/v1/providers/{id}/held-deactivations', at(id)));
}

export function decideHeldDeactivations(id: string, decision: 'confirm' | 'reject'): Promise<{ count: number }> {
  return ok(api.POST(`/api/v1/providers/{id}/held-deactivations/${decision}`, { ...at(id), body: {} }));
}
