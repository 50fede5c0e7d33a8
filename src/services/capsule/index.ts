import { openCassandra } from '../../engines/cassandra/index.ts';
import { openSqlDatabase } from '../../engines/index.ts';
import {
  enginePortOf,
  outboxPortOf,
  type ServiceApp,
  type ServiceContext,
  type ServiceDefinition,
} from '../../host/index.ts';
import { openServiceOutbox, relayOf } from '../../resilience/outbox/index.ts';
import type { CapsuleStore } from './capsule-store.ts';
import { CapsuleWriteQueue, QUEUED_WRITE_TOPIC, queuedWriteReplay } from './capsule-write-queue.ts';
import type { Announcer } from './announcer.ts';
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
    const { clock, log, metrics } = context;
    const store = await openCapsuleStore(app, context);
    // The replay announces what it stored through the announcer built on the same outbox below
    // (the relays start only once the app is ready, long after it exists).
    const announceReplayed: Announcer = {
      announce: (...args) => announcer.announce(...args),
    };
    const { outbox, relays } = openServiceOutbox(outboxPortOf(app, context), [
      {
        topic: ANNOUNCEMENT_TOPIC,
        deliver: announcementDelivery(context.peer('odyssey'), (entry, status, body) =>
          log.error(
            { capsuleId: entry.key, tenant: entry.tenant, status, body },
            'ODYSSEY refused an announcement; dropped',
          ),
        ),
        failureMessage: 'announcement to odyssey failed; it stays queued',
      },
      {
        topic: QUEUED_WRITE_TOPIC,
        deliver: queuedWriteReplay(store, announceReplayed, ({ tenant, queued, claimedBy }) =>
          log.error(
            {
              tenant,
              capsuleId: queued.capsule.capsuleId,
              idempotencyKey: queued.claim?.key,
              claimedBy: claimedBy.capsuleId,
            },
            'queued capsule write dropped at replay: its idempotency key was taken by another request meanwhile',
          ),
        ),
        failureMessage: 'queued capsule write not replayed yet (store still unavailable); it stays queued',
      },
    ]);
    const announcer = new OdysseyAnnouncer(outbox, relayOf(relays, ANNOUNCEMENT_TOPIC), clock);
    const queue = new CapsuleWriteQueue(outbox, relayOf(relays, QUEUED_WRITE_TOPIC), clock);
    await capsuleRoutes(app, new CapsuleWriter(store, announcer, clock, queue), store, (reason) =>
      metrics.degraded.inc({ reason }),
    );
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
    return new SqlCapsuleStore(await openSqlDatabase(enginePortOf(context), CAPSULE_MIGRATIONS, onClose));
  }
  return new CassandraCapsuleStore(
    await openCassandra(enginePortOf(context), CAPSULE_TABLES, onClose, { servesWithoutQuorum: true }),
  );
}
