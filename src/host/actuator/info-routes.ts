import { z } from 'zod';
import type { Registry } from 'prom-client';
import { BUTTERFLY_VERSION } from '../../kit/platform/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { ActuatorApp } from './actuator-app.ts';

/** Who the service is, for `/actuator/info`. */
export interface ServiceInfo {
  readonly name: string;
  readonly title: string;
  readonly profile: string;
  readonly clock: Clock;
}

const open = { access: 'public' } as const;

/** `/actuator/info`: name, version, profile and uptime. */
export async function infoRoutes(app: ActuatorApp, info: ServiceInfo): Promise<void> {
  const startedAt = info.clock.now();
  app.get(
    '/actuator/info',
    {
      config: open,
      schema: {
        tags: ['actuator'],
        summary: 'Service name, version, profile and uptime',
        response: {
          200: z.object({
            name: z.string(),
            title: z.string(),
            version: z.string(),
            profile: z.string(),
            startedAt: z.string(),
            uptimeSeconds: z.number(),
          }),
        },
      },
    },
    async () => ({
      name: info.name,
      title: info.title,
      version: BUTTERFLY_VERSION,
      profile: info.profile,
      startedAt: new Date(startedAt).toISOString(),
      uptimeSeconds: Math.round((info.clock.now() - startedAt) / 1000),
    }),
  );
}

/** `/actuator/prometheus`: the service's metrics in the Prometheus text format. */
export async function prometheusRoute(app: ActuatorApp, registry: Registry): Promise<void> {
  app.get(
    '/actuator/prometheus',
    { config: open, schema: { tags: ['actuator'], summary: 'Metrics in the Prometheus text format' } },
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
}
