import { Counter, Gauge, type Registry } from 'prom-client';
import type { BreakerRegistry, BreakerState } from '../../resilience/breaker/index.ts';

const BREAKER_STATES: readonly BreakerState[] = [
  'CLOSED',
  'OPEN',
  'HALF_OPEN',
  'FORCED_OPEN',
  'FORCED_CLOSED',
];

/**
 * The breakers' gauges and counter, read at scrape time. Named as resilience4j names them so
 * existing dashboards and alerts apply unchanged.
 */
export function registerBreakerMetrics(registry: Registry, breakers: BreakerRegistry): void {
  registerStateGauge(registry, breakers);
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
  registerCallsCounter(registry, breakers);
}

function registerStateGauge(registry: Registry, breakers: BreakerRegistry): void {
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
}

// A real counter: the breakers' cumulative totals, which never go down (not even on reset), so
// rate() and increase() work across state changes.
function registerCallsCounter(registry: Registry, breakers: BreakerRegistry): void {
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
}
