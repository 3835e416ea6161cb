import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Principal } from '../../core/auth/principal.js';
import type { Device } from '../../core/directory/device.js';
import type { DeviceService } from '../../core/lifecycle/device-service.js';
import { principalOf } from '../../http/authentication.js';
import { guarded } from './route-spec.js';
import { ArchiveDto, DeviceDto, toArchiveDto, toDeviceDto } from './user-dto.js';
import { IdParams } from './dto.js';

export interface DevicesRouteDeps {
  devices: DeviceService;
}

const DEVICES_WRITE = 'devices.create_deactivate';
const Text = Type.String({ minLength: 1, maxLength: 200 });

/** Devices and archives (SPEC C1/C4): created through the API until the agent registers them. */
export function devicesRoutes(app: FastifyInstance, deps: DevicesRouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { devices } = deps;

  api.post(
    '/users/:id/devices',
    guarded(
      DEVICES_WRITE,
      {
        params: IdParams,
        body: Type.Object(
          { name: Text, os: Text, agentVersion: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 201: DeviceDto },
      },
      ['user.not_found', 'user.deactivated'],
    ),
    async (req, reply) => {
      const d = await devices.register(principalOf(req), req.params.id, {
        name: req.body.name,
        os: req.body.os,
        agentVersion: req.body.agentVersion ?? null,
      });
      return reply.code(201).send(toDeviceDto(d));
    },
  );

  api.post(
    '/devices/:id/archives',
    guarded(
      DEVICES_WRITE,
      {
        params: IdParams,
        body: Type.Object({ destination: Text }, { additionalProperties: false }),
        response: { 201: ArchiveDto },
      },
      ['device.not_found', 'device.deactivated'],
    ),
    async (req, reply) =>
      reply
        .code(201)
        .send(toArchiveDto(await devices.addArchive(principalOf(req), req.params.id, req.body.destination))),
  );

  deviceStateRoutes(app, devices);
}

/** A device's state changes (SPEC C4): one POST per action, all under the same permission. */
function deviceStateRoutes(app: FastifyInstance, devices: DeviceService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const actions: [string, (actor: Principal, deviceId: string) => Promise<Device>][] = [
    ['deauthorize', (t, d) => devices.deauthorize(t, d)],
    ['deactivate', (t, d) => devices.deactivate(t, d)],
    ['reactivate', (t, d) => devices.reactivate(t, d)],
    ['block', (t, d) => devices.setBlocked(t, d, true)],
    ['unblock', (t, d) => devices.setBlocked(t, d, false)],
  ];
  for (const [name, action] of actions) {
    api.post(
      `/devices/:id/${name}`,
      guarded(DEVICES_WRITE, { params: IdParams, response: { 200: DeviceDto } }, [
        'device.not_found',
        'device.deactivated',
        'user.deactivated',
      ]),
      async (req) => toDeviceDto(await action(principalOf(req), req.params.id)),
    );
  }
}
