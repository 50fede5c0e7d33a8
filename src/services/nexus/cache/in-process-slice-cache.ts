import type { Clock } from '../../../kit/time/index.ts';
import { cacheKeyText, type CachedView, type SliceCache, type SliceCacheKey } from './slice-cache.ts';

/** How the in-process cache is bounded. */
export interface InProcessSliceCacheOptions {
  clock: Clock;
  /** Views younger than this are fresh. */
  ttlMs: number;
  /** Views are kept this long (as stale stand-ins) before they are dropped. */
  retentionMs: number;
  /** The least recently used views are dropped beyond this many. */
  maxEntries: number;
}

interface Entry {
  value: unknown;
  storedAt: number;
}

/**
 * A bounded LRU cache in the service's memory. A Map keeps insertion order, so moving an entry
 * to the end on every read makes the first entry the least recently used one: small enough that
 * a library is not worth it.
 */
export class InProcessSliceCache implements SliceCache {
  readonly #options: InProcessSliceCacheOptions;
  readonly #entries = new Map<string, Entry>();

  constructor(options: InProcessSliceCacheOptions) {
    if (options.maxEntries < 1) throw new RangeError('maxEntries must be at least 1');
    this.#options = { ...options, retentionMs: Math.max(options.retentionMs, options.ttlMs) };
  }

  async get(key: SliceCacheKey): Promise<CachedView | undefined> {
    const text = cacheKeyText(key);
    const entry = this.#entries.get(text);
    if (!entry) return undefined;
    const ageMs = Math.max(0, this.#options.clock.now() - entry.storedAt);
    this.#entries.delete(text);
    if (ageMs > this.#options.retentionMs) return undefined;
    this.#entries.set(text, entry);
    return { value: entry.value, ageMs, fresh: ageMs <= this.#options.ttlMs };
  }

  async set(key: SliceCacheKey, value: unknown): Promise<void> {
    const text = cacheKeyText(key);
    this.#entries.delete(text);
    this.#entries.set(text, { value, storedAt: this.#options.clock.now() });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  async describe(): Promise<Record<string, unknown>> {
    const { ttlMs, retentionMs, maxEntries } = this.#options;
    return { kind: 'in-process', entries: this.#entries.size, maxEntries, ttlMs, retentionMs };
  }
}
