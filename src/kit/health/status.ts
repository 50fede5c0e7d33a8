/** Health statuses, as Spring Boot Actuator names them. */
export const HEALTH_STATUSES = ['UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN'] as const;

/** One health status. */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

// Actuator's default order: the most severe status present wins the aggregate.
const SEVERITY: Readonly<Record<HealthStatus, number>> = { DOWN: 3, OUT_OF_SERVICE: 2, UP: 1, UNKNOWN: 0 };

/** The aggregate of several statuses: DOWN > OUT_OF_SERVICE > UP > UNKNOWN. No statuses is UNKNOWN. */
export function aggregateStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'UNKNOWN';
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

/** The HTTP status a health answer is served with: 503 for DOWN and OUT_OF_SERVICE, 200 otherwise. */
export function httpStatusForHealth(status: HealthStatus): 200 | 503 {
  return status === 'DOWN' || status === 'OUT_OF_SERVICE' ? 503 : 200;
}
