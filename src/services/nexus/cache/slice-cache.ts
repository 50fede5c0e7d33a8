/** The sources a temporal slice fuses, named after the services that own them. */
export type SliceSource = 'perception' | 'capsule' | 'odyssey' | 'plato';

/** What a cached view belongs to: one tenant's view of one entity from one source. */
export interface SliceCacheKey {
  tenant: string;
  source: SliceSource;
  entityId: string;
  /** What else shapes the answer, e.g. CAPSULE's history window; empty when nothing does. */
  variant: string;
}

/** A cached view and how old it is. */
export interface CachedView {
  value: unknown;
  ageMs: number;
  /** True while younger than the TTL: served without asking the source. Older views only stand in when the source is down. */
  fresh: boolean;
}

/**
 * NEXUS's cache of source views. The embedded profile keeps it in process; Redis will serve
 * behind the same interface. Callers must treat a failing cache as a miss (see `failOpen`).
 */
export interface SliceCache {
  /** The view, fresh or stale, or undefined when none is kept. */
  get(key: SliceCacheKey): Promise<CachedView | undefined>;
  /** Stores a view as of now. */
  set(key: SliceCacheKey, value: unknown): Promise<void>;
  /** Size and settings, for the `cache` health component. */
  describe(): Promise<Record<string, unknown>>;
}

/** The key as one string; the separator cannot occur in tenants, source names or RIM ids. */
export function cacheKeyText(key: SliceCacheKey): string {
  return [key.tenant, key.source, key.entityId, key.variant].join('|');
}
