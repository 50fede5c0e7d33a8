import { Counter, type Registry } from 'prom-client';
import { peerClientName, SERVICE_NAMES } from '../../kit/platform/index.ts';
import type { ServiceDefinition } from '../../host/index.ts';
import { BreakerOpenError } from '../../resilience/breaker/index.ts';
import { openSliceCache } from './cache/index.ts';
import type { EcosystemProbeOptions } from './ecosystem-health.ts';
import { nexusRoutes } from './routes.ts';
import { TemporalSlicer, type TemporalSlicerOptions } from './temporal-slice.ts';

/** Views kept in process per tenant, source and entity before the least recently used are dropped. */
const CACHE_MAX_ENTRIES = 10_000;
/** How many TTLs a view is kept as a stale stand-in for an unavailable source. */
const STALE_RETENTION_TTLS = 20;

/** NEXUS (`nexus-service`): fused reads across the platform — the temporal slice — and the ecosystem's health. */
export const nexusService: ServiceDefinition = {
  name: 'nexus',
  title: 'NEXUS',
  description:
    "Fuses PERCEPTION's state, CAPSULE's history, ODYSSEY's entity and PLATO's plans into a temporal slice through a cache, and reports the health of every service.",
  async register(app, context) {
    const { config, clock, log, metrics } = context;
    // Every peer's client (and so its breaker) exists from the start, so /actuator/circuitbreakers lists them all.
    for (const name of SERVICE_NAMES) if (name !== config.service) context.peer(name);

    // In process on the embedded profile, the Redis Cluster otherwise (with the `redis` health component).
    const cache = openSliceCache(
      context,
      {
        ttlMs: config.cacheTtlMs,
        retentionMs: config.cacheTtlMs * STALE_RETENTION_TTLS,
        maxEntries: CACHE_MAX_ENTRIES,
      },
      (hook) => app.addHook('onClose', hook),
    );
    const slicer = new TemporalSlicer({
      peer: (target) => context.peer(target),
      cache,
      clock,
      ...sliceTelemetry(metrics.registry, log),
    });
    context.health.add({
      name: 'cache',
      readiness: false,
      check: async () => ({ status: 'UP', details: await cache.describe() }),
    });

    const ecosystem: EcosystemProbeOptions = {
      self: config.service,
      selfHealth: () => context.health.all(),
      peer: (target) => context.peer(target),
      breakerState: (target) => context.breakers.find(peerClientName(target))?.state ?? null,
      clock,
      timeoutMs: config.healthTimeoutMs,
    };
    await nexusRoutes(app, context, slicer, ecosystem);
  },
};

/** How each source answered slices, and the cache's failures: counted, and logged unless expected. */
function sliceTelemetry(
  registry: Registry,
  log: { warn(details: object, message: string): void },
): Pick<TemporalSlicerOptions, 'observe' | 'onCacheError'> {
  const answers = new Counter({
    name: 'butterfly_slice_source_answers_total',
    help: 'How each source answered temporal slices: live, cache (fresh), stale, not_found or unavailable.',
    labelNames: ['source', 'answer'] as const,
    registers: [registry],
  });
  const cacheErrors = new Counter({
    name: 'butterfly_slice_cache_errors_total',
    help: 'Slice cache operations that failed and were treated as misses.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  return {
    observe: (source, report) => {
      const answer =
        report.status !== 'UP'
          ? report.status.toLowerCase()
          : report.source === 'LIVE'
            ? 'live'
            : report.stale
              ? 'stale'
              : 'cache';
      answers.inc({ source, answer });
    },
    onCacheError: (operation, error) => {
      cacheErrors.inc({ operation });
      // While the cache's breaker is open every call is a miss by design; its transitions are logged.
      if (!(error instanceof BreakerOpenError))
        log.warn({ err: error, operation }, 'slice cache failed; treated as a miss');
    },
  };
}
