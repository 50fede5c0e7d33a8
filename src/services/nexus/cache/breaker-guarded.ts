import type { NamedBreaker } from '../../../resilience/breaker/index.ts';
import type { SliceCache } from './slice-cache.ts';

/** The breaker NEXUS puts in front of the Redis slice cache. */
export const SLICE_CACHE_BREAKER = 'redis-slice-cache';

/**
 * Puts a breaker in front of a remote cache. Each call to a dead or blackholed Redis costs the
 * command deadline; once the breaker has seen enough of them it opens and the cache is skipped
 * (a miss, in microseconds) until its half-open probes find Redis back. The health component
 * still asks the cache itself, so it reports Redis as it is.
 */
export function breakerGuarded(cache: SliceCache, breaker: Pick<NamedBreaker, 'execute'>): SliceCache {
  return {
    get: (key) => breaker.execute(() => cache.get(key)),
    set: (key, value) => breaker.execute(() => cache.set(key, value)),
    describe: () => cache.describe(),
  };
}
