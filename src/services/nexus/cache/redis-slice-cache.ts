import type { RedisCommandRunner } from '../../../engines/redis/index.ts';
import type { Clock } from '../../../kit/time/index.ts';
import { cacheKeyText, type CachedView, type SliceCache, type SliceCacheKey } from './slice-cache.ts';

/** How the Redis cache is keyed and bounded. */
export interface RedisSliceCacheOptions {
  redis: RedisCommandRunner;
  clock: Clock;
  /** Views younger than this are fresh. */
  ttlMs: number;
  /** Views are kept this long (Redis expires them: `PX`) as stale stand-ins. */
  retentionMs: number;
  /** Prepended to every key, so NEXUS's keys never meet another user's of the same cluster. */
  keyPrefix?: string;
}

/** The default key prefix. */
export const SLICE_KEY_PREFIX = 'butterfly:nexus:slice:';

/** What is stored under a key: the view and when it was stored (for its age). */
interface StoredView {
  storedAt: number;
  value: unknown;
}

/**
 * The Redis key of a view. Keys are not hash-tagged: every operation is on one key, so there is
 * no cross-slot command to keep in one slot, and one tenant's views spread over all masters.
 */
export function sliceRedisKey(key: SliceCacheKey, prefix = SLICE_KEY_PREFIX): string {
  return prefix + cacheKeyText(key);
}

/** Serializes a view with its storage time. */
export function encodeView(value: unknown, storedAt: number): string {
  const stored: StoredView = { storedAt, value: value ?? null };
  return JSON.stringify(stored);
}

/** Parses what `encodeView` wrote; throws on anything else, so a foreign value is a (counted) miss. */
export function decodeView(text: string): StoredView {
  const parsed = JSON.parse(text) as unknown;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('storedAt' in parsed) ||
    typeof parsed.storedAt !== 'number' ||
    !('value' in parsed)
  ) {
    throw new TypeError('not a cached slice view');
  }
  return { storedAt: parsed.storedAt, value: parsed.value };
}

/**
 * NEXUS's cache in the Redis Cluster (the local profile), shared by every NEXUS instance. Views
 * are JSON with their storage time; Redis drops them after the retention (`PX`), and the age
 * decides freshness as in the in-process cache. Every call is bounded by the connection's
 * command timeout and fails with an error — the caller wraps the cache in `failOpen`, so a Redis
 * failure is a counted miss, never an error to a client.
 */
export class RedisSliceCache implements SliceCache {
  readonly #options: Required<RedisSliceCacheOptions>;

  constructor(options: RedisSliceCacheOptions) {
    this.#options = {
      keyPrefix: SLICE_KEY_PREFIX,
      ...options,
      retentionMs: Math.max(options.retentionMs, options.ttlMs),
    };
  }

  async get(key: SliceCacheKey): Promise<CachedView | undefined> {
    const { redis, clock, ttlMs, retentionMs, keyPrefix } = this.#options;
    const text = await redis.run('GET slice view', (client) => client.get(sliceRedisKey(key, keyPrefix)));
    if (text === null) return undefined;
    const stored = decodeView(text);
    const ageMs = Math.max(0, clock.now() - stored.storedAt);
    // Redis expires keys lazily and to the millisecond; the age check keeps the boundary exact.
    if (ageMs > retentionMs) return undefined;
    return { value: stored.value, ageMs, fresh: ageMs <= ttlMs };
  }

  async set(key: SliceCacheKey, value: unknown): Promise<void> {
    const { redis, clock, retentionMs, keyPrefix } = this.#options;
    const text = encodeView(value, clock.now());
    await redis.run('SET slice view', (client) =>
      client.set(sliceRedisKey(key, keyPrefix), text, 'PX', retentionMs),
    );
  }

  async describe(): Promise<Record<string, unknown>> {
    // No Redis call here: the `redis` component reports the cluster; this one the settings.
    const { ttlMs, retentionMs, keyPrefix } = this.#options;
    return { kind: 'redis', keyPrefix, ttlMs, retentionMs };
  }
}
