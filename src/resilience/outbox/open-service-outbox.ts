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

/** A service's outbox and the relays that drain it, one per topic. */
export interface ServiceOutbox {
  outbox: DurableOutbox;
  relays: Readonly<Record<string, OutboxRelay>>;
}

/**
 * Opens the service's outbox (`<stateDir>/<service>/outbox.sqlite`) and one relay per topic, tied
 * to the app's lifecycle: the relays start once the app is ready (after anything the service
 * queues while registering) and stop in `preClose`, before any store closes in `onClose`; the
 * outbox file closes in `onClose`. Registers the `outbox` health component and the outbox metrics.
 */
export function openServiceOutbox(
  app: ServiceApp,
  context: ServiceContext,
  topics: readonly ServiceOutboxOptions[],
): ServiceOutbox {
  const { config } = context;
  const outbox = new DurableOutbox(join(config.stateDir, config.service, 'outbox.sqlite'));
  const relays = Object.fromEntries(
    topics.map((options) => [options.topic, topicRelay(app, context, outbox, options)]),
  );
  app.addHook('onClose', async () => outbox.close());
  context.health.add(outboxHealth(relays));
  registerOutboxGauges(context.metrics.registry, relays);
  return { outbox, relays };
}

function topicRelay(
  app: ServiceApp,
  context: ServiceContext,
  outbox: DurableOutbox,
  options: ServiceOutboxOptions,
): OutboxRelay {
  const { config, clock, log } = context;
  const { topic, deliver, failureMessage } = options;
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
  return relay;
}

/** The relay of one of the topics `openServiceOutbox` opened. */
export function relayOf(relays: Readonly<Record<string, OutboxRelay>>, topic: string): OutboxRelay {
  const relay = relays[topic];
  if (!relay) throw new Error(`no outbox relay for topic '${topic}'`);
  return relay;
}
