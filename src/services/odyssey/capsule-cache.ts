import type { CapsuleRecord } from './capsule-reader.ts';

/** A scope's capsules as CAPSULE last answered, and when. */
export interface CachedCapsules {
  capsules: readonly CapsuleRecord[];
  /** Epoch milliseconds of the fetch. */
  fetchedAt: number;
}

/** How many (tenant, scope) answers the cache keeps by default. */
export const DEFAULT_CAPSULE_CACHE_ENTRIES = 1000;

/**
 * The last successful CAPSULE answer per (tenant, scopeId), kept in memory so ODYSSEY can
 * still answer reads while CAPSULE is unreachable. Entries never expire by age — a stale
 * answer flagged as stale beats none — but the cache is bounded: the least recently used
 * entry goes first.
 */
export class CapsuleCache {
  readonly #entries = new Map<string, CachedCapsules>();
  readonly #maxEntries: number;

  constructor(maxEntries = DEFAULT_CAPSULE_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    this.#maxEntries = maxEntries;
  }

  /** Remembers a successful answer, replacing the previous one for the scope. */
  put(tenant: string, scopeId: string, capsules: readonly CapsuleRecord[], fetchedAt: number): void {
    const key = keyOf(tenant, scopeId);
    this.#entries.delete(key);
    this.#entries.set(key, { capsules, fetchedAt });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  /** The last answer for the scope, or undefined; reading it counts as a use. */
  get(tenant: string, scopeId: string): CachedCapsules | undefined {
    const key = keyOf(tenant, scopeId);
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** How many scopes are cached. */
  get size(): number {
    return this.#entries.size;
  }
}

// Tenant ids cannot contain '|', so the key is unambiguous.
function keyOf(tenant: string, scopeId: string): string {
  return `${tenant}|${scopeId}`;
}
