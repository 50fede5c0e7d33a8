export { createRateLimit, observedRateLimit } from './create-rate-limit.ts';
export { consumePoint, decisionOf, type LimiterName } from './limiter-decision.ts';
export { LocalRateLimit, type LocalRateLimitOptions } from './local-rate-limit.ts';
export type { RateLimit, RateLimitDecision } from './rate-limit.ts';
export { RATE_LIMIT_KEY_PREFIX, RedisRateLimit, type RedisRateLimitOptions } from './redis-rate-limit.ts';
