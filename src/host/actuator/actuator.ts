import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { HealthRegistry } from '../../kit/health/index.ts';
import type { BreakerRegistry } from '../../resilience/breaker/index.ts';
import { circuitBreakerHealth } from './circuit-breaker-health.ts';
import { circuitBreakerRoutes } from './circuit-breaker-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { infoRoutes, prometheusRoute, type ServiceInfo } from './info-routes.ts';

/** What the actuator reports on. */
export interface ActuatorOptions {
  readonly health: HealthRegistry;
  readonly breakers: BreakerRegistry;
  readonly metrics: Registry;
  readonly info: ServiceInfo;
}

/**
 * The management endpoints in Spring Boot Actuator's shapes: `/actuator/health[/*]`, `/info`,
 * `/prometheus` and `/circuitbreakers`. Adds the `ping` and `circuitBreakers` health components.
 */
export const actuator: FastifyPluginAsyncZod<ActuatorOptions> = async (app, options) => {
  const { health, breakers } = options;
  health.add({ name: 'ping', readiness: false, check: async () => ({ status: 'UP' }) });
  health.add(circuitBreakerHealth(breakers));
  await healthRoutes(app, health);
  await infoRoutes(app, options.info);
  await prometheusRoute(app, options.metrics);
  await circuitBreakerRoutes(app, breakers);
};
