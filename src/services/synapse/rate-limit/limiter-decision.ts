import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitDecision } from './rate-limit.ts';

/** Which limiter decided: the shared one in Redis, or this instance's own. */
export type LimiterName = 'redis' | 'local';

/** A decision from rate-limiter-flexible's result: allowed, what is left, when the window resets. */
export function decisionOf(
  allowed: boolean,
  res: RateLimiterRes,
  limit: number,
  limiter: LimiterName,
): RateLimitDecision {
  return {
    allowed,
    state: {
      limit,
      remaining: res.remainingPoints,
      resetSeconds: Math.max(0, res.msBeforeNext) / 1000,
      limiter,
    },
  };
}

/**
 * Consumes one point; the library resolves with its state when allowed and rejects with it
 * when the limit is exhausted. Any other rejection (a store error with no insurance) is rethrown.
 */
export async function consumePoint(
  consume: () => Promise<RateLimiterRes>,
): Promise<{ allowed: boolean; res: RateLimiterRes }> {
  try {
    return { allowed: true, res: await consume() };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, res: rejection };
    throw rejection;
  }
}
