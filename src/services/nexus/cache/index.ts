export { breakerGuarded, SLICE_CACHE_BREAKER } from './breaker-guarded.ts';
export { failOpen } from './fail-open.ts';
export { InProcessSliceCache, type InProcessSliceCacheOptions } from './in-process-slice-cache.ts';
export { openSliceCache, type SliceCacheBounds } from './open-slice-cache.ts';
export {
  decodeView,
  encodeView,
  RedisSliceCache,
  SLICE_KEY_PREFIX,
  sliceRedisKey,
  type RedisSliceCacheOptions,
} from './redis-slice-cache.ts';
export {
  cacheKeyText,
  type CachedView,
  type SliceCache,
  type SliceCacheKey,
  type SliceSource,
} from './slice-cache.ts';
