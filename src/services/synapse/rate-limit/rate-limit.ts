import type { RateLimitState } from '../../../kit/errors/index.ts';

/** One decision: whether the request may proceed, and the limit's state after it. */
export interface RateLimitDecision {
  allowed: boolean;
  state: RateLimitState;
}

/**
 * A per-tenant request limit. The local implementation counts in this process; a Redis-backed
 * one (with a local limiter as insurance while Redis is unreachable, as the runbook expects)
 * will implement the same interface and report `limiter: 'redis'` or `'local'` accordingly.
 */
export interface RateLimit {
  /** Counts one request of the tenant. */
  consume(tenant: string): Promise<RateLimitDecision>;
}
