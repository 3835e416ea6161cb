import { apiJson } from './http';

export interface Matter {
  id: string;
  name: string;
  status: 'active' | 'released';
  createdAt: string;
  releasedAt: string | null;
}

export interface Custodian {
  matterId: string;
  userId: string;
  addedAt: string;
}

const path = (id: string) => `/legal-holds/${encodeURIComponent(id)}`;

export async function listMatters(): Promise<Matter[]> {
  return (await apiJson<{ legalHolds: Matter[] }>('/legal-holds')).legalHolds;
}

export function createMatter(name: string): Promise<Matter> {
  return apiJson<Matter>('/legal-holds', { method: 'POST', json: { name } });
}

export function getMatter(id: string): Promise<{ matter: Matter; custodians: Custodian[] }> {
  return apiJson(path(id));
}

export function addCustodian(id: string, userId: string): Promise<Custodian> {
  return apiJson<Custodian>(`${path(id)}/custodians`, { method: 'POST', json: { userId } });
}

export function removeCustodian(id: string, userId: string): Promise<void> {
  return apiJson<void>(`${path(id)}/custodians/${encodeURIComponent(userId)}`, { method: 'DELETE' });
}

export function releaseMatter(id: string): Promise<Matter> {
  return apiJson<Matter>(`${path(id)}/release`, { method: 'POST' });
}
