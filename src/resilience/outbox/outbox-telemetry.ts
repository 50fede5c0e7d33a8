import { Counter, Gauge, type Registry } from 'prom-client';
import type { HealthIndicator } from '../../kit/health/index.ts';
import type { OutboxRelay } from './outbox-relay.ts';

/** What the `outbox` health component shows of one relayed topic (and of all of them together). */
export interface OutboxTopicDetails {
  depth: number;
  oldestAgeSeconds: number;
  delivered: number;
  consecutiveFailures: number;
}

/**
 * The `outbox` health component. Details: the totals over every topic (`depth`,
 * `oldestAgeSeconds`, …), so a one-topic service reads `details.depth`, and each topic under
 * its name (`details['capsule-creations'].depth`). A backlog means a peer is behind, not that
 * this service is down, so the component is UP and not part of readiness.
 */
export function outboxHealth(relays: Readonly<Record<string, OutboxRelay>>): HealthIndicator {
  return {
    name: 'outbox',
    readiness: false,
    check: async () => {
      const topics = Object.fromEntries(
        Object.entries(relays).map(([topic, relay]) => [topic, topicDetails(relay)]),
      );
      return { status: 'UP', details: { ...totals(Object.values(topics)), ...topics } };
    },
  };
}

/**
 * `butterfly_outbox_depth{topic}`, `butterfly_outbox_oldest_age_seconds{topic}` and
 * `butterfly_outbox_delivered_total{topic}` (its rate is the replay rate), read at scrape time.
 */
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
  const counted = new Map<string, number>();
  new Counter({
    name: 'butterfly_outbox_delivered_total',
    help: 'Messages delivered (or replayed) from the durable outbox, by topic.',
    labelNames: ['topic'] as const,
    registers: [registry],
    collect() {
      for (const [topic, relay] of Object.entries(relays)) {
        const delivered = relay.stats().delivered;
        // The relay keeps the running total; a counter only moves forward by the difference.
        this.inc({ topic }, delivered - (counted.get(topic) ?? 0));
        counted.set(topic, delivered);
      }
    },
  });
}

function topicDetails(relay: OutboxRelay): OutboxTopicDetails {
  const stats = relay.stats();
  return {
    depth: stats.depth,
    oldestAgeSeconds: stats.oldestAgeMs / 1000,
    delivered: stats.delivered,
    consecutiveFailures: stats.consecutiveFailures,
  };
}

function totals(topics: readonly OutboxTopicDetails[]): OutboxTopicDetails {
  return {
    depth: topics.reduce((sum, topic) => sum + topic.depth, 0),
    oldestAgeSeconds: Math.max(0, ...topics.map((topic) => topic.oldestAgeSeconds)),
    delivered: topics.reduce((sum, topic) => sum + topic.delivered, 0),
    consecutiveFailures: Math.max(0, ...topics.map((topic) => topic.consecutiveFailures)),
  };
}
