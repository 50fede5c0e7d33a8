import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerRegistry } from '../../resilience/breaker/index.ts';
import { registerBreakerMetrics } from './breaker-metrics.ts';

/** One service's metrics registry and the instruments the host itself feeds. */
export interface ServiceMetrics {
  registry: Registry;
  httpRequests: Histogram<'method' | 'uri' | 'status'>;
  /** Degraded answers, by reason (e.g. `cassandra-quorum-lost`, `capsule-partitioned`). */
  degraded: Counter<'reason'>;
}

/** Creates the registry with process metrics, the HTTP histogram and the breaker gauges and counter. */
export function createServiceMetrics(service: string, breakers: BreakerRegistry): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Histogram({
    name: 'http_server_requests_seconds',
    help: 'HTTP server request duration, by method, URI template and status.',
    labelNames: ['method', 'uri', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const degraded = new Counter({
    name: 'butterfly_degraded_responses_total',
    help: 'Answers served in a degraded mode, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });

  registerBreakerMetrics(registry, breakers);
  return { registry, httpRequests, degraded };
}
