import type { z } from 'zod';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import type { CallContext } from '../../kit/http/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { CapsuleCache } from './capsule-cache.ts';
import type { CapsuleSource, LatestCapsules } from './capsule-reader.ts';
import type { ObservationStore } from './observation-store.ts';
import type { orchestrationSchema } from './schemas.ts';

/** The answer to an orchestrated read. */
export type Orchestration = z.infer<typeof orchestrationSchema>;

/** Why an answer was degraded: the value of the X-Butterfly-Degraded header and the metric label. */
export const CAPSULE_UNREACHABLE = 'capsule-unreachable';

/** What the orchestrator needs. */
export interface OrchestratorDependencies {
  capsules: CapsuleSource;
  cache: CapsuleCache;
  observations: ObservationStore;
  clock: Clock;
  /** Told of every degraded answer (counts it in `butterfly_degraded_responses_total`). */
  onDegraded(reason: typeof CAPSULE_UNREACHABLE): void;
}

/**
 * Reads a scope across the loop: its latest capsules live from CAPSULE, its entity state from
 * ODYSSEY's own store. Each live answer is cached; when CAPSULE is unreachable the cached one is
 * served flagged `degraded` with its age, and with nothing cached the read fails with 503.
 */
export class ScopeOrchestrator {
  readonly #deps: OrchestratorDependencies;

  constructor(deps: OrchestratorDependencies) {
    this.#deps = deps;
  }

  /** The orchestrated READ of a scope for a tenant. */
  async read(tenant: string, scopeId: string, context: CallContext): Promise<Orchestration> {
    const { capsules, cache, observations, clock } = this.#deps;
    let latest: LatestCapsules;
    try {
      latest = await capsules.latest(scopeId, context);
    } catch (error) {
      if (!(error instanceof UpstreamUnavailableError)) throw error;
      return this.#fromCache(tenant, scopeId, error);
    }
    // CAPSULE answered but not usably (e.g. refused our credentials): that is not a partition,
    // so a stale answer would hide a real fault.
    if (!latest.ok) throw new UpstreamUnavailableError('capsule', latest.reason);
    const fetchedAt = clock.now();
    cache.put(tenant, scopeId, latest.capsules, fetchedAt);
    return {
      scopeId,
      mode: 'READ',
      source: 'LIVE',
      degraded: false,
      capsules: latest.capsules,
      entity: (await observations.state(tenant, scopeId)) ?? null,
      fetchedAt: new Date(fetchedAt).toISOString(),
    };
  }

  async #fromCache(
    tenant: string,
    scopeId: string,
    failure: UpstreamUnavailableError,
  ): Promise<Orchestration> {
    const cached = this.#deps.cache.get(tenant, scopeId);
    if (!cached) throw failure;
    this.#deps.onDegraded(CAPSULE_UNREACHABLE);
    const ageMs = Math.max(0, this.#deps.clock.now() - cached.fetchedAt);
    return {
      scopeId,
      mode: 'READ',
      source: 'CACHE',
      degraded: true,
      capsules: [...cached.capsules],
      entity: (await this.#deps.observations.state(tenant, scopeId)) ?? null,
      fetchedAt: new Date(cached.fetchedAt).toISOString(),
      cacheAgeSeconds: ageMs / 1000,
    };
  }
}
