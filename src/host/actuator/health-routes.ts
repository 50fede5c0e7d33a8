import { z } from 'zod';
import { NotFoundError } from '../../kit/errors/index.ts';
import { httpStatusForHealth, type HealthRegistry } from '../../kit/health/index.ts';
import type { ActuatorApp } from './actuator-app.ts';

const healthStatus = z.enum(['UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN']);
const componentHealth = z.object({
  status: healthStatus,
  details: z.record(z.string(), z.unknown()).optional(),
});
const compositeHealth = z.object({ status: healthStatus, components: z.record(z.string(), componentHealth) });

/** `/actuator/health`, its groups and one route per component, in Spring Boot Actuator's shapes. */
export async function healthRoutes(app: ActuatorApp, health: HealthRegistry): Promise<void> {
  const open = { access: 'public' } as const;

  app.get(
    '/actuator/health',
    {
      config: open,
      schema: {
        tags: ['actuator'],
        summary: 'Aggregate health',
        response: { 200: compositeHealth, 503: compositeHealth },
      },
    },
    async (_request, reply) => {
      const result = await health.all();
      return reply.code(httpStatusForHealth(result.status)).send(result);
    },
  );

  for (const group of ['liveness', 'readiness'] as const) {
    app.get(
      `/actuator/health/${group}`,
      {
        config: open,
        schema: {
          tags: ['actuator'],
          summary: `Health group: ${group}`,
          response: { 200: compositeHealth, 503: compositeHealth },
        },
      },
      async (_request, reply) => {
        const result = await health.group(group);
        return reply.code(httpStatusForHealth(result.status)).send(result);
      },
    );
  }

  app.get(
    '/actuator/health/:component',
    {
      config: open,
      schema: {
        tags: ['actuator'],
        summary: 'Health of one component (e.g. cassandra, db, redis, circuitBreakers)',
        params: z.object({ component: z.string() }),
        response: { 200: componentHealth, 503: componentHealth },
      },
    },
    async (request, reply) => {
      const result = await health.component(request.params.component);
      if (!result) throw new NotFoundError('health component', request.params.component);
      return reply.code(httpStatusForHealth(result.status)).send(result);
    },
  );
}
