import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';
import { consumePoint, decisionOf } from './limiter-decision.ts';
import type { RateLimit, RateLimitDecision } from './rate-limit.ts';

/** The shared limit's settings. */
export interface RedisRateLimitOptions {
  /** An ioredis client (here the Cluster); rate-limiter-flexible uses ioredis without further options. */
  storeClient: unknown;
  points: number;
  windowSeconds: number;
  /** The longest a decision waits for Redis before the local limiter answers. */
  timeoutMs: number;
  keyPrefix?: string;
}

/** The default key prefix: keys are `<prefix>:<tenant>`, one key per tenant and window. */
export const RATE_LIMIT_KEY_PREFIX = 'butterfly:synapse:actions';

/**
 * The per-instance insurance limiter. It remembers the results it produced, so a decision can
 * say which limiter made it: the library hands back the insurance's result as its own.
 */
class InsuranceLimiter extends RateLimiterMemory {
  readonly answered = new WeakSet<RateLimiterRes>();

  override consume(
    key: string | number,
    pointsToConsume?: number,
    options?: Record<string, unknown>,
  ): Promise<RateLimiterRes> {
    return super.consume(key, pointsToConsume, options).then(
      (res) => {
        this.answered.add(res);
        return res;
      },
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) this.answered.add(rejection);
        throw rejection;
      },
    );
  }
}

/**
 * A per-tenant limit shared by every SYNAPSE instance through the Redis Cluster
 * (rate-limiter-flexible's RateLimiterRedis: one Lua INCR+PEXPIRE per request, atomic, on one
 * key). When Redis fails or does not answer within `timeoutMs` — RLWrapperTimeouts bounds the
 * wait — the insurance limiter, a RateLimiterMemory with the same points and window, decides
 * alone: the limit stays enforced per instance, possibly inconsistent across instances, and the
 * decision says `limiter: 'local'`. The next request tries Redis again, so a healed cluster is
 * used at once. The insurance sits on the timeout wrapper, not on the Redis limiter, so a late
 * Redis failure after a timeout cannot consume a second local point.
 */
export class RedisRateLimit implements RateLimit {
  readonly #limiter: RLWrapperTimeouts;
  readonly #insurance: InsuranceLimiter;
  readonly #points: number;

  constructor(options: RedisRateLimitOptions) {
    this.#points = options.points;
    const keyPrefix = options.keyPrefix ?? RATE_LIMIT_KEY_PREFIX;
    this.#insurance = new InsuranceLimiter({
      points: options.points,
      duration: options.windowSeconds,
      keyPrefix,
    });
    const shared = new RateLimiterRedis({
      storeClient: options.storeClient,
      points: options.points,
      duration: options.windowSeconds,
      keyPrefix,
      // While the cluster is not connected, go straight to the insurance instead of sending.
      rejectIfRedisNotReady: true,
    });
    this.#limiter = new RLWrapperTimeouts({
      limiter: shared,
      timeoutMs: options.timeoutMs,
      insuranceLimiter: this.#insurance,
    });
  }

  async consume(tenant: string): Promise<RateLimitDecision> {
    const { allowed, res } = await consumePoint(() => this.#limiter.consume(tenant));
    return decisionOf(allowed, res, this.#points, this.#insurance.answered.has(res) ? 'local' : 'redis');
  }
}
