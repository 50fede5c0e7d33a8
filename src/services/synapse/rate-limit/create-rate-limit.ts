import { Counter } from 'prom-client';
import { openRedisCluster } from '../../../engines/redis/index.ts';
import { enginePortOf, type ServiceContext } from '../../../host/index.ts';
import type { LimiterName } from './limiter-decision.ts';
import { LocalRateLimit } from './local-rate-limit.ts';
import type { RateLimit, RateLimitDecision } from './rate-limit.ts';
import { RedisRateLimit } from './redis-rate-limit.ts';

/** The window of `BUTTERFLY_RATE_LIMIT_PER_MINUTE`. */
const WINDOW_SECONDS = 60;

/**
 * SYNAPSE's per-tenant limit for the configured profile: this process's memory on the embedded
 * profile; the Redis Cluster otherwise, shared by every instance, with the local limiter as
 * insurance while Redis is unreachable (the `redis` health component shows the cluster). Every
 * decision is counted by limiter; a local decision on the Redis profile is a degraded answer.
 */
export function createRateLimit(
  context: ServiceContext,
  onClose: (hook: () => Promise<void>) => void,
): RateLimit {
  const { config } = context;
  const points = config.rateLimitPerMinute;
  if (config.profile === 'embedded') return new LocalRateLimit({ points, windowSeconds: WINDOW_SECONDS });

  const redis = openRedisCluster(enginePortOf(context), onClose);
  const limit = new RedisRateLimit({
    storeClient: redis.client,
    points,
    windowSeconds: WINDOW_SECONDS,
    timeoutMs: config.engines.redisCommandTimeoutMs,
  });
  return observedRateLimit(limit, context);
}

/** Counts decisions by limiter and logs each switch between the shared and the local limiter. */
export function observedRateLimit(
  limit: RateLimit,
  context: Pick<ServiceContext, 'metrics' | 'log'>,
): RateLimit {
  const decisions = new Counter({
    name: 'synapse_rate_limit_decisions_total',
    help: 'Rate limit decisions, by the limiter that made them (redis or local) and whether the request was allowed.',
    labelNames: ['limiter', 'allowed'] as const,
    registers: [context.metrics.registry],
  });
  let current: LimiterName | undefined;
  return {
    async consume(tenant: string): Promise<RateLimitDecision> {
      const decision = await limit.consume(tenant);
      const limiter = decision.state.limiter as LimiterName;
      decisions.inc({ limiter, allowed: String(decision.allowed) });
      if (limiter === 'local') context.metrics.degraded.inc({ reason: 'rate-limit-local' });
      if (limiter !== current) {
        if (limiter === 'local')
          context.log.warn({}, 'Redis unavailable: rate limits are enforced per instance (local limiter)');
        else if (current === 'local') context.log.info({}, 'rate limits are shared through Redis again');
        current = limiter;
      }
      return decision;
    },
  };
}
