export { BreakerRegistry } from './breaker-registry.ts';
export { DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './breaker-options.ts';
export {
  BreakerOpenError,
  NamedBreaker,
  type BreakerCallTotals,
  type BreakerSnapshot,
  type BreakerState,
} from './named-breaker.ts';
