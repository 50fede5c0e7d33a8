export { runWithinBudget, type Health, type HealthIndicator } from './indicator.ts';
export { HealthRegistry, type CompositeHealth, type HealthGroup } from './registry.ts';
export { aggregateStatus, HEALTH_STATUSES, httpStatusForHealth, type HealthStatus } from './status.ts';
