export { circuitBreakerHealth } from './circuit-breaker-health.ts';
export { circuitBreakerRoutes } from './circuit-breaker-routes.ts';
export { healthRoutes } from './health-routes.ts';
export { infoRoutes } from './info-routes.ts';
