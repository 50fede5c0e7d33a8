import { join } from 'node:path';
import { Gauge } from 'prom-client';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { childTraceparent } from '../../kit/http/call-context.ts';
import type { ServiceContext } from '../../kit/server/index.ts';
import { DurableOutbox, OutboxRelay, type OutboxEntry } from '../../resilience/outbox/index.ts';
import type { CapsuleAnnouncement } from './capsule.ts';

/** The outbox topic of announcements to ODYSSEY. */
export const ANNOUNCEMENT_TOPIC = 'odyssey-announcements';

/** Where ODYSSEY takes announcements. */
export const ANNOUNCEMENT_PATH = '/api/v1/capsule/announcements';

/**
 * Tells ODYSSEY about every stored capsule, through a durable outbox so an announcement
 * survives a crash or a partition: queued on disk before the client hears back, delivered
 * in order by a relay that backs off while ODYSSEY is unreachable. ODYSSEY deduplicates by
 * (tenant, capsuleId), so announcing twice is harmless and announcing once too few is not.
 */
export class OdysseyAnnouncer {
  readonly #outbox: DurableOutbox;
  readonly #relay: OutboxRelay;
  readonly #context: ServiceContext;

  /** Opens the outbox under the service's state directory and wires the relay to ODYSSEY. */
  constructor(context: ServiceContext) {
    this.#context = context;
    this.#outbox = new DurableOutbox(join(context.config.stateDir, context.config.service, 'outbox.sqlite'));
    const odyssey = context.peer('odyssey');
    this.#relay = new OutboxRelay({
      outbox: this.#outbox,
      topic: ANNOUNCEMENT_TOPIC,
      clock: context.clock,
      intervalMs: context.config.outboxIntervalMs,
      deliver: async (entry) => {
        const callContext = {
          tenant: entry.tenant,
          correlationId: entry.correlationId,
          traceparent: childTraceparent(undefined),
        };
        const answer = await odyssey.post(ANNOUNCEMENT_PATH, entry.payload, callContext);
        // Any non-2xx keeps the message queued: a 4xx here is a contract bug or a credentials
        // problem, both fixed by people, and dropping the message would lose an observation.
        if (answer.status < 200 || answer.status >= 300) {
          throw new UpstreamUnavailableError('odyssey', `answered ${answer.status} to an announcement`);
        }
      },
      onFailure: (entry: OutboxEntry, error: unknown) =>
        context.log.warn(
          {
            capsuleId: entry.key,
            attempts: entry.attempts + 1,
            err: error instanceof Error ? error.message : String(error),
          },
          'announcement to odyssey failed; it stays queued',
        ),
    });
    this.#observe();
  }

  /** Queues the announcement of a stored capsule; a second call for a still-queued capsule is a no-op. */
  announce(tenant: string, correlationId: string, announcement: CapsuleAnnouncement): void {
    this.#outbox.enqueue({
      topic: ANNOUNCEMENT_TOPIC,
      key: announcement.capsuleId,
      payload: announcement,
      tenant,
      correlationId,
      now: this.#context.clock.now(),
    });
    // Deliver now rather than at the next tick (the relay ignores this while backing off).
    this.#relay.nudge();
  }

  /** Starts the background relay. */
  start(): void {
    this.#relay.start();
  }

  /** Stops the relay after its current drain and closes the outbox file. */
  async close(): Promise<void> {
    await this.#relay.stop();
    this.#outbox.close();
  }

  /** Depth, age and delivered count of the announcement queue. */
  stats(): { depth: number; oldestAgeSeconds: number; delivered: number } {
    const stats = this.#relay.stats();
    return { depth: stats.depth, oldestAgeSeconds: stats.oldestAgeMs / 1000, delivered: stats.delivered };
  }

  // The queue shows in health (never failing readiness: queued work is the degraded mode
  // working as intended) and as gauges an alert can watch for a growing backlog.
  #observe(): void {
    const { health, metrics } = this.#context;
    health.add({
      name: 'outbox',
      readiness: false,
      check: async () => ({ status: 'UP', details: { topic: ANNOUNCEMENT_TOPIC, ...this.stats() } }),
    });
    const stats = (): { depth: number; oldestAgeSeconds: number } => this.stats();
    new Gauge({
      name: 'butterfly_outbox_depth',
      help: 'Messages waiting in the durable outbox, by topic.',
      labelNames: ['topic'] as const,
      registers: [metrics.registry],
      collect() {
        this.set({ topic: ANNOUNCEMENT_TOPIC }, stats().depth);
      },
    });
    new Gauge({
      name: 'butterfly_outbox_oldest_age_seconds',
      help: 'Age of the oldest message waiting in the durable outbox, by topic.',
      labelNames: ['topic'] as const,
      registers: [metrics.registry],
      collect() {
        this.set({ topic: ANNOUNCEMENT_TOPIC }, stats().oldestAgeSeconds);
      },
    });
  }
}
