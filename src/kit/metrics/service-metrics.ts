import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerRegistry, BreakerState } from '../../resilience/breaker/index.ts';

const BREAKER_STATES: readonly BreakerState[] = [
  'CLOSED',
  'OPEN',
  'HALF_OPEN',
  'FORCED_OPEN',
  'FORCED_CLOSED',
];

/** One service's metrics registry and the instruments the kit itself feeds. */
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

  // Named as resilience4j names them so existing dashboards and alerts apply unchanged.
  new Gauge({
    name: 'resilience4j_circuitbreaker_state',
    help: 'Circuit breaker state: 1 for the current state, 0 for the others.',
    labelNames: ['name', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const breaker of breakers.list()) {
        for (const state of BREAKER_STATES)
          this.set({ name: breaker.name, state: state.toLowerCase() }, breaker.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'resilience4j_circuitbreaker_failure_rate',
    help: 'Failure rate of the sliding window in percent; -1 until the minimum number of calls.',
    labelNames: ['name'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const breaker of breakers.list()) this.set({ name: breaker.name }, breaker.snapshot().failureRate);
    },
  });
  new Gauge({
    name: 'resilience4j_circuitbreaker_buffered_calls',
    help: 'Calls in the sliding window (in the half-open probes while half-open), by outcome.',
    labelNames: ['name', 'kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const breaker of breakers.list()) {
        const snapshot = breaker.snapshot();
        this.set({ name: breaker.name, kind: 'successful' }, snapshot.bufferedCalls - snapshot.failedCalls);
        this.set({ name: breaker.name, kind: 'failed' }, snapshot.failedCalls);
      }
    },
  });
  // A real counter: the breakers' cumulative totals, which never go down (not even on reset), so
  // rate() and increase() work across state changes.
  new Counter({
    name: 'resilience4j_circuitbreaker_calls_total',
    help: 'Calls through each breaker since the service started: successful, failed, or not_permitted (refused while open).',
    labelNames: ['name', 'kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const breaker of breakers.list()) {
        const totals = breaker.totals();
        this.inc({ name: breaker.name, kind: 'successful' }, totals.successful);
        this.inc({ name: breaker.name, kind: 'failed' }, totals.failed);
        this.inc({ name: breaker.name, kind: 'not_permitted' }, totals.notPermitted);
      }
    },
  });

  return { registry, httpRequests, degraded };
}
