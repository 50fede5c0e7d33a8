import { Gauge, type Registry } from 'prom-client';
import type { HealthIndicator } from '../../kit/health/index.ts';
import type { OutboxRelay } from '../../resilience/outbox/index.ts';

/**
 * The `outbox` health component: depth and age of each relayed topic. A backlog means a peer is
 * behind, not that this service is down, so it is UP and not part of readiness.
 */
export function outboxHealth(relays: Readonly<Record<string, OutboxRelay>>): HealthIndicator {
  return {
    name: 'outbox',
    readiness: false,
    check: async () => ({
      status: 'UP',
      details: Object.fromEntries(
        Object.entries(relays).map(([topic, relay]) => {
          const stats = relay.stats();
          return [
            topic,
            {
              depth: stats.depth,
              oldestAgeSeconds: stats.oldestAgeMs / 1000,
              delivered: stats.delivered,
              consecutiveFailures: stats.consecutiveFailures,
            },
          ];
        }),
      ),
    }),
  };
}

/** `butterfly_outbox_depth{topic}` and `butterfly_outbox_oldest_age_seconds{topic}`, read at scrape time. */
export function registerOutboxGauges(
  registry: Registry,
  relays: Readonly<Record<string, OutboxRelay>>,
): void {
  new Gauge({
    name: 'butterfly_outbox_depth',
    help: 'Messages queued in the durable outbox, by topic.',
    labelNames: ['topic'] as const,
    registers: [registry],
    collect() {
      for (const [topic, relay] of Object.entries(relays)) this.set({ topic }, relay.stats().depth);
    },
  });
  new Gauge({
    name: 'butterfly_outbox_oldest_age_seconds',
    help: 'Age of the oldest message queued in the durable outbox, by topic.',
    labelNames: ['topic'] as const,
    registers: [registry],
    collect() {
      for (const [topic, relay] of Object.entries(relays))
        this.set({ topic }, relay.stats().oldestAgeMs / 1000);
    },
  });
}
