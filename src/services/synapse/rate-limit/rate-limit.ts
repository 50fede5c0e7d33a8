import type { RateLimitState } from '../../../kit/errors/index.ts';

/** One decision: whether the request may proceed, and the limit's state after it. */
export interface RateLimitDecision {
  allowed: boolean;
  state: RateLimitState;
}

/**
 * A per-tenant request limit. `LocalRateLimit` counts in this process (embedded profile);
 * `RedisRateLimit` counts in the Redis Cluster, shared by every instance, with a local limiter
 * as insurance while Redis is unreachable, as the runbook expects. Each decision's
 * `state.limiter` (`redis` or `local`) is what the route sends as `X-RateLimit-Limiter`.
 */
export interface RateLimit {
  /** Counts one request of the tenant. */
  consume(tenant: string): Promise<RateLimitDecision>;
}
