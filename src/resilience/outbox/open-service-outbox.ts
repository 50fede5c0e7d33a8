import { join } from 'node:path';
import type { ServiceApp, ServiceContext } from '../../kit/server/index.ts';
import { DurableOutbox } from './durable-outbox.ts';
import { OutboxRelay, type RelayOptions } from './outbox-relay.ts';
import { outboxHealth, registerOutboxGauges } from './outbox-telemetry.ts';

/** What a service relays through its outbox. */
export interface ServiceOutboxOptions {
  /** The topic the relay drains. */
  topic: string;
  /** Delivers one message to the peer; throws to have it retried later. */
  deliver: RelayOptions['deliver'];
  /** The warning logged for each failed attempt, e.g. `'announcement to odyssey failed; it stays queued'`. */
  failureMessage: string;
}

/** A service's outbox and the relay that drains it. */
export interface ServiceOutbox {
  outbox: DurableOutbox;
  relay: OutboxRelay;
}

/**
 * Opens the service's outbox (`<stateDir>/<service>/outbox.sqlite`) and its relay, tied to the
 * app's lifecycle: the relay starts once the app is ready (after anything the service queues
 * while registering) and stops in `preClose`, before any store closes in `onClose`; the outbox
 * file closes in `onClose`. Registers the `outbox` health component and the outbox gauges.
 */
export function openServiceOutbox(
  app: ServiceApp,
  context: ServiceContext,
  options: ServiceOutboxOptions,
): ServiceOutbox {
  const { config, clock, log } = context;
  const { topic, deliver, failureMessage } = options;
  const outbox = new DurableOutbox(join(config.stateDir, config.service, 'outbox.sqlite'));
  const relay = new OutboxRelay({
    outbox,
    topic,
    clock,
    intervalMs: config.outboxIntervalMs,
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
  app.addHook('onReady', async () => relay.start());
  // No delivery may be half-way through (e.g. recording its answer) when a store closes.
  app.addHook('preClose', () => relay.stop());
  app.addHook('onClose', async () => outbox.close());

  const relays = { [topic]: relay };
  context.health.add(outboxHealth(relays));
  registerOutboxGauges(context.metrics.registry, relays);
  return { outbox, relay };
}
