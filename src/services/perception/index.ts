import { join } from 'node:path';
import { openSqlDatabase } from '../../engines/sql/index.ts';
import type { ServiceDefinition } from '../../kit/server/index.ts';
import { DurableOutbox, OutboxRelay } from '../../resilience/outbox/index.ts';
import { CAPSULE_CREATIONS_TOPIC, capsuleDelivery, requeuePendingCapsules } from './capsule-creation.ts';
import { perceptionMigrations } from './migrations.ts';
import { outboxHealth, registerOutboxGauges } from './outbox-telemetry.ts';
import { Perception } from './perception.ts';
import { perceptionRoutes } from './routes.ts';
import { SqlPerceptionStore } from './sql-perception-store.ts';

/** PERCEPTION (`perception-api`): signals in, RIM node state, capsules created in CAPSULE, outcomes back from SYNAPSE. */
export const perceptionService: ServiceDefinition = {
  name: 'perception',
  title: 'PERCEPTION',
  description:
    "Takes signals about RIM nodes, records them, keeps each node's state and has CAPSULE store a capsule per signal; receives action outcomes from SYNAPSE, which closes the golden loop.",
  async register(app, context) {
    const { config, clock, log } = context;
    const db = await openSqlDatabase(context, perceptionMigrations, (hook) => app.addHook('onClose', hook));
    const store = new SqlPerceptionStore(db);

    const outbox = new DurableOutbox(join(config.stateDir, config.service, 'outbox.sqlite'));
    const relay = new OutboxRelay({
      outbox,
      topic: CAPSULE_CREATIONS_TOPIC,
      clock,
      intervalMs: config.outboxIntervalMs,
      deliver: capsuleDelivery({ store, capsule: context.peer('capsule'), log }),
      // One line per failed attempt, without a stack: while CAPSULE is down this repeats.
      onFailure: (entry, error) =>
        log.warn(
          {
            topic: entry.topic,
            key: entry.key,
            attempts: entry.attempts + 1,
            reason: error instanceof Error ? error.message : String(error),
          },
          'capsule creation not delivered; will retry',
        ),
    });
    const requeued = await requeuePendingCapsules(store, outbox, clock.now());
    if (requeued > 0) log.warn({ requeued }, 'queued capsules again for signals left PENDING');
    relay.start();
    // preClose runs before the database's onClose hook: no delivery may be half-way through
    // recording a capsule id when the database goes.
    app.addHook('preClose', () => relay.stop());
    app.addHook('onClose', async () => outbox.close());

    const relays = { [CAPSULE_CREATIONS_TOPIC]: relay };
    context.health.add(outboxHealth(relays));
    registerOutboxGauges(context.metrics.registry, relays);

    await perceptionRoutes(app, new Perception({ store, outbox, clock, onQueued: () => relay.nudge() }));
  },
};
