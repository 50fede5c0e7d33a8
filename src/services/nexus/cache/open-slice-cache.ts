import { openRedisCluster } from '../../../engines/redis/index.ts';
import { enginePortOf, type ServiceContext } from '../../../host/index.ts';
import { InProcessSliceCache } from './in-process-slice-cache.ts';
import { RedisSliceCache } from './redis-slice-cache.ts';
import type { SliceCache } from './slice-cache.ts';
import { breakerGuarded, SLICE_CACHE_BREAKER } from './breaker-guarded.ts';

/** How long views are fresh and how long they are kept as stale stand-ins. */
export interface SliceCacheBounds {
  ttlMs: number;
  retentionMs: number;
  /** For the in-process cache only: Redis bounds memory with its own eviction. */
  maxEntries: number;
}

/**
 * The slice cache for the configured profile: in the service's memory on the embedded profile,
 * in the Redis Cluster (shared by every NEXUS instance, `redis` health component) otherwise.
 */
export function openSliceCache(
  context: ServiceContext,
  bounds: SliceCacheBounds,
  onClose: (hook: () => Promise<void>) => void,
): SliceCache {
  const { config, clock } = context;
  if (config.profile === 'embedded') return new InProcessSliceCache({ clock, ...bounds });
  const redis = openRedisCluster(enginePortOf(context), onClose);
  return breakerGuarded(
    new RedisSliceCache({ redis, clock, ttlMs: bounds.ttlMs, retentionMs: bounds.retentionMs }),
    context.breakers.get(SLICE_CACHE_BREAKER),
  );
}
