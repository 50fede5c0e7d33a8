export { LocalRateLimit, type LocalRateLimitOptions } from './local-rate-limit.ts';
export type { RateLimit, RateLimitDecision } from './rate-limit.ts';
