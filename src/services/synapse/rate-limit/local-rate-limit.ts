import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit, RateLimitDecision } from './rate-limit.ts';

/** How many requests a tenant may make per window. */
export interface LocalRateLimitOptions {
  points: number;
  windowSeconds: number;
}

/** A fixed-window, per-tenant limit in this process's memory (rate-limiter-flexible's RateLimiterMemory). */
export class LocalRateLimit implements RateLimit {
  readonly #limiter: RateLimiterMemory;
  readonly #points: number;

  constructor(options: LocalRateLimitOptions) {
    this.#points = options.points;
    this.#limiter = new RateLimiterMemory({
      points: options.points,
      duration: options.windowSeconds,
      keyPrefix: 'synapse-actions',
    });
  }

  async consume(tenant: string): Promise<RateLimitDecision> {
    try {
      return this.#decision(true, await this.#limiter.consume(tenant));
    } catch (rejection) {
      // The library rejects with the limiter's state when the limit is exhausted, with an Error otherwise.
      if (rejection instanceof RateLimiterRes) return this.#decision(false, rejection);
      throw rejection;
    }
  }

  #decision(allowed: boolean, res: RateLimiterRes): RateLimitDecision {
    return {
      allowed,
      state: {
        limit: this.#points,
        remaining: res.remainingPoints,
        resetSeconds: Math.max(0, res.msBeforeNext) / 1000,
        limiter: 'local',
      },
    };
  }
}
