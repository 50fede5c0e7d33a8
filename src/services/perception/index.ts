import { openSqlDatabase } from '../../engines/index.ts';
import { enginePortOf, outboxPortOf, type ServiceDefinition } from '../../host/index.ts';
import { openServiceOutbox, relayOf } from '../../resilience/outbox/index.ts';
import { CAPSULE_CREATIONS_TOPIC, capsuleDelivery, requeuePendingCapsules } from './capsule-creation.ts';
import { perceptionMigrations } from './migrations.ts';
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
    const { clock, log } = context;
    const db = await openSqlDatabase(enginePortOf(context), perceptionMigrations, (hook) =>
      app.addHook('onClose', hook),
    );
    const store = new SqlPerceptionStore(db);

    const { outbox, relays } = openServiceOutbox(outboxPortOf(app, context), [
      {
        topic: CAPSULE_CREATIONS_TOPIC,
        deliver: capsuleDelivery({ store, capsule: context.peer('capsule'), log }),
        failureMessage: 'capsule creation not delivered; will retry',
      },
    ]);
    const relay = relayOf(relays, CAPSULE_CREATIONS_TOPIC);
    const requeued = await requeuePendingCapsules(store, outbox, clock.now());
    if (requeued > 0) log.warn({ requeued }, 'queued capsules again for signals left PENDING');

    await perceptionRoutes(app, new Perception({ store, outbox, clock, onQueued: () => relay.nudge() }));
  },
};
