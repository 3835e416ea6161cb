import { api, ok, type Body } from './client';

export type Matter = Body<'/api/v1/legal-holds', 'get'>['legalHolds'][number];
export type Custodian = Body<'/api/v1/legal-holds/{id}', 'get'>['custodians'][number];

const at = (id: string) => ({ params: { path: { id } } });

export async function listMatters(): Promise<Matter[]> {
  return (await ok(api.GET('/api/v1/legal-holds'))).legalHolds;
}

export function createMatter(name: string): Promise<Matter> {
  return ok(api.POST('/api/v1/legal-holds', { body: { name } }));
}

export function getMatter(id: string): Promise<{ matter: Matter; custodians: Custodian[] }> {
  return ok(api.GET('/api/v1/legal-holds/{id}', at(id)));
}

export function addCustodian(id: string, userId: string): Promise<Custodian> {
  return ok(api.POST('/api/v1/legal-holds/{id}/custodians', { ...at(id), body: { userId } }));
}

export async function removeCustodian(id: string, userId: string): Promise<void> {
  await ok(api.DELETE('/api/v1/legal-holds/{id}/custodians/{userId}', { params: { path: { id, userId } } }));
}

export function releaseMatter(id: string): Promise<Matter> {
  return ok(api.POST('/api/v1/legal-holds/{id}/release', at(id)));
}
