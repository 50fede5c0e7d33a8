import type { BreakerRegistry } from '../../resilience/breaker/index.ts';
import type { HealthIndicator } from '../../kit/health/index.ts';

/**
 * The `circuitBreakers` component: each breaker's state in details. An open breaker means a
 * peer is unreachable, not that this service is down, so the status is UP or UNKNOWN — never
 * DOWN — and cannot turn the aggregate DOWN.
 */
export function circuitBreakerHealth(breakers: BreakerRegistry): HealthIndicator {
  return {
    name: 'circuitBreakers',
    readiness: false,
    check: async () => {
      const snapshots = breakers.snapshots();
      const allClosed = Object.values(snapshots).every(
        (s) => s.state === 'CLOSED' || s.state === 'FORCED_CLOSED',
      );
      return { status: allClosed ? 'UP' : 'UNKNOWN', details: snapshots };
    },
  };
}
