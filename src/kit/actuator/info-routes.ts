import { z } from 'zod';
import type { ServiceApp, ServiceContext } from '../server/service-context.ts';
import { BUTTERFLY_VERSION } from '../platform/index.ts';

/** `/actuator/info` and `/actuator/prometheus`: who this is, and its metrics. */
export async function infoRoutes(app: ServiceApp, context: ServiceContext, title: string): Promise<void> {
  const startedAt = context.clock.now();
  const open = { access: 'public' } as const;

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
      name: context.config.service,
      title,
      version: BUTTERFLY_VERSION,
      profile: context.config.profile,
      startedAt: new Date(startedAt).toISOString(),
      uptimeSeconds: Math.round((context.clock.now() - startedAt) / 1000),
    }),
  );

  app.get(
    '/actuator/prometheus',
    { config: open, schema: { tags: ['actuator'], summary: 'Metrics in the Prometheus text format' } },
    async (_request, reply) => {
      const text = await context.metrics.registry.metrics();
      return reply.type(context.metrics.registry.contentType).send(text);
    },
  );
}
