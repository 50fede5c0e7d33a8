import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { ServiceConfig } from '../../kit/config/index.ts';
import type { HealthIndicator } from '../../kit/health/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { DurableOutbox } from './durable-outbox.ts';
import { OutboxRelay, type RelayOptions } from './outbox-relay.ts';
import { outboxHealth, registerOutboxGauges } from './outbox-telemetry.ts';

/** The moments of the service's life an outbox ties its relays and its file to. */
export interface OutboxLifecycle {
  /** Runs once the service is ready (after anything it queued while registering). */
  onReady(hook: () => Promise<void>): void;
  /** Runs when the service starts closing, before any store closes. */
  preClose(hook: () => Promise<void>): void;
  /** Runs when the service closes. */
  onClose(hook: () => Promise<void>): void;
}

/**
 * What an outbox needs from the service that opens it: where its file goes, how often relays
 * drain, the clock, a logger, its lifecycle, and where its health and gauges are registered.
 */
export interface OutboxPort {
  readonly settings: Pick<ServiceConfig, 'service' | 'stateDir' | 'outboxIntervalMs'>;
  readonly clock: Clock;
  readonly log: { warn(details: object, message: string): void };
  readonly lifecycle: OutboxLifecycle;
  readonly metricsRegistry: Registry;
  registerHealth(indicator: HealthIndicator): void;
}

/** What a service relays through its outbox. */
export interface ServiceOutboxOptions {
  /** The topic the relay drains. */
  topic: string;
  /** Delivers one message to the peer; throws to have it retried later. */
  deliver: RelayOptions['deliver'];
  /** The warning logged for each failed attempt, e.g. `'announcement to odyssey failed; it stays queued'`. */
  failureMessage: string;
}

/** A service's outbox and the relays that drain it, one per topic. */
export interface ServiceOutbox {
  outbox: DurableOutbox;
  relays: Readonly<Record<string, OutboxRelay>>;
}

/**
 * Opens the service's outbox (`<stateDir>/<service>/outbox.sqlite`) and one relay per topic, tied
 * to the service's lifecycle: the relays start once it is ready and stop in `preClose`, before
 * any store closes in `onClose`; the outbox file closes in `onClose`. Registers the `outbox`
 * health component and the outbox metrics.
 */
export function openServiceOutbox(port: OutboxPort, topics: readonly ServiceOutboxOptions[]): ServiceOutbox {
  const { settings } = port;
  const outbox = new DurableOutbox(join(settings.stateDir, settings.service, 'outbox.sqlite'));
  const relays = Object.fromEntries(
    topics.map((options) => [options.topic, topicRelay(port, outbox, options)]),
  );
  port.lifecycle.onClose(async () => outbox.close());
  port.registerHealth(outboxHealth(relays));
  registerOutboxGauges(port.metricsRegistry, relays);
  return { outbox, relays };
}

function topicRelay(port: OutboxPort, outbox: DurableOutbox, options: ServiceOutboxOptions): OutboxRelay {
  const { settings, clock, log } = port;
  const { topic, deliver, failureMessage } = options;
  const relay = new OutboxRelay({
    outbox,
    topic,
    clock,
    intervalMs: settings.outboxIntervalMs,
    deliver,
    // One line per failed attempt, without a stack: while the peer is down this repeats.
    onFailure: (entry, error) =>
      log.warn(
        {
          topic: entry.topic,
          key: entry.key,
          attempts: entry.attempts + 1,
          err: error instanceof Error ? error.message : String(error),
        },
        failureMessage,
      ),
  });
  port.lifecycle.onReady(async () => relay.start());
  // No delivery may be half-way through (e.g. recording its answer) when a store closes.
  port.lifecycle.preClose(() => relay.stop());
  return relay;
}

/** The relay of one of the topics `openServiceOutbox` opened. */
export function relayOf(relays: Readonly<Record<string, OutboxRelay>>, topic: string): OutboxRelay {
  const relay = relays[topic];
  if (!relay) throw new Error(`no outbox relay for topic '${topic}'`);
  return relay;
}
