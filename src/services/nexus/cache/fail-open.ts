import type { SliceCache } from './slice-cache.ts';

/**
 * Wraps a cache so that its failures never fail a slice: a read error is a miss, a write error
 * is dropped, and both are reported to `onError` (logged and counted by the caller).
 */
export function failOpen(
  cache: SliceCache,
  onError: (operation: 'get' | 'set', error: unknown) => void,
): SliceCache {
  return {
    async get(key) {
      try {
        return await cache.get(key);
      } catch (error) {
        onError('get', error);
        return undefined;
      }
    },
    async set(key, value) {
      try {
        await cache.set(key, value);
      } catch (error) {
        onError('set', error);
      }
    },
    describe: () => cache.describe(),
  };
}
