export { failOpen } from './fail-open.ts';
export { InProcessSliceCache, type InProcessSliceCacheOptions } from './in-process-slice-cache.ts';
export {
  cacheKeyText,
  type CachedView,
  type SliceCache,
  type SliceCacheKey,
  type SliceSource,
} from './slice-cache.ts';
