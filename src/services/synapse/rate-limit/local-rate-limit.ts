import { RateLimiterMemory } from 'rate-limiter-flexible';
import { consumePoint, decisionOf } from './limiter-decision.ts';
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
    const { allowed, res } = await consumePoint(() => this.#limiter.consume(tenant));
    return decisionOf(allowed, res, this.#points, 'local');
  }
}
