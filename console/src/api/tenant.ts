import { api, ok, type Body } from './client';

export type TenantSettings = Body<'/api/v1/tenant', 'get'>;

export function getTenant(): Promise<TenantSettings> {
  return ok(api.GET('/api/v1/tenant'));
}

export function updateTenant(changes: { requireEmailUsername?: boolean }): Promise<TenantSettings> {
  return ok(api.PATCH('/api/v1/tenant', { body: changes }));
}
