import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery.js';
import { listResponse } from './list-params.js';
import { ScimError } from './scim-error.js';
import { baseUrlOf, contextOf } from './scim-request.js';

/** Discovery endpoints (RFC 7644 §4); `/serviceConfiguration` is Microsoft's tooling's name for the first. */
export function registerDiscoveryRoutes(app: FastifyInstance, cfg: Config): void {
  const spc = async (req: Parameters<typeof contextOf>[0]) =>
    serviceProviderConfig(baseUrlOf(cfg.publicUrl, contextOf(req)), cfg.scim);
  app.get('/ServiceProviderConfig', spc);
  app.get('/serviceConfiguration', spc);

  app.get('/ResourceTypes', async (req) => {
    const all = resourceTypes(baseUrlOf(cfg.publicUrl, contextOf(req)));
    return listResponse(all.length, 1, all);
  });
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (req) => {
    const found = resourceTypes(baseUrlOf(cfg.publicUrl, contextOf(req))).find(
      (r) => String(r.id).toLowerCase() === req.params.id.toLowerCase(),
    );
    if (!found) throw new ScimError(404, `Resource type ${req.params.id} not found`);
    return found;
  });

  app.get('/Schemas', async (req) => {
    const all = schemas(baseUrlOf(cfg.publicUrl, contextOf(req)));
    return listResponse(all.length, 1, all);
  });
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (req) => {
    const found = schemas(baseUrlOf(cfg.publicUrl, contextOf(req))).find(
      (s) => String(s.id).toLowerCase() === req.params.id.toLowerCase(),
    );
    if (!found) throw new ScimError(404, `Schema ${req.params.id} not found`);
    return found;
  });
}
