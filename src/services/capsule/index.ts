import { openCassandra } from '../../engines/cassandra/index.ts';
import { openSqlDatabase } from '../../engines/sql/index.ts';
import type { ServiceApp, ServiceContext, ServiceDefinition } from '../../kit/server/index.ts';
import { openServiceOutbox } from '../../resilience/outbox/index.ts';
import type { CapsuleStore } from './capsule-store.ts';
import { CapsuleWriter } from './capsule-writer.ts';
import { CAPSULE_TABLES } from './cassandra-capsule-statements.ts';
import { CassandraCapsuleStore } from './cassandra-capsule-store.ts';
import { CAPSULE_MIGRATIONS } from './migrations.ts';
import { ANNOUNCEMENT_TOPIC, announcementDelivery, OdysseyAnnouncer } from './odyssey-announcer.ts';
import { capsuleRoutes } from './routes.ts';
import { SqlCapsuleStore } from './sql-capsule-store.ts';

export type { CapsuleStore } from './capsule-store.ts';
export type { CapsuleAnnouncement, StoredCapsule } from './capsule.ts';

/** CAPSULE (`capsule-service`): immutable, time-indexed history per scope, announced to ODYSSEY. */
export const capsuleService: ServiceDefinition = {
  name: 'capsule',
  title: 'CAPSULE',
  description:
    'Immutable, time-indexed capsules per RIM scope; every stored capsule is announced to ODYSSEY.',
  async register(app, context) {
    const store = await openCapsuleStore(app, context);
    const { outbox, relay } = openServiceOutbox(app, context, {
      topic: ANNOUNCEMENT_TOPIC,
      deliver: announcementDelivery(context.peer('odyssey')),
      failureMessage: 'announcement to odyssey failed; it stays queued',
    });
    const announcer = new OdysseyAnnouncer(outbox, relay, context.clock);
    await capsuleRoutes(app, new CapsuleWriter(store, announcer, context.clock), store);
  },
};

/**
 * The store for the profile: the embedded profile keeps capsules in PGlite; the local (and
 * Kubernetes) profile in Cassandra, the runbook's engine for CAPSULE. Opened before the outbox,
 * so its onClose hook runs after the relay stopped (Fastify runs them in reverse).
 */
async function openCapsuleStore(app: ServiceApp, context: ServiceContext): Promise<CapsuleStore> {
  const onClose = (hook: () => Promise<void>) => app.addHook('onClose', hook);
  if (context.config.profile === 'embedded') {
    return new SqlCapsuleStore(await openSqlDatabase(context, CAPSULE_MIGRATIONS, onClose));
  }
  return new CassandraCapsuleStore(await openCassandra(context, CAPSULE_TABLES, onClose));
}
