import { api, ok, type Body } from './client';

export type ApiToken = Body<'/api/v1/api-tokens', 'get'>['tokens'][number];
export type IssuedToken = Body<'/api/v1/api-tokens', 'post', 201>;

export async function listApiTokens(): Promise<ApiToken[]> {
  return (await ok(api.GET('/api/v1/api-tokens'))).tokens;
}

export function createApiToken(input: { name: string; expiresAt?: string }): Promise<IssuedToken> {
  return ok(api.POST('/api/v1/api-tokens', { body: input }));
}

export async function revokeApiToken(id: string): Promise<void> {
  await ok(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id } } }));
}
