import { openSqlDatabase } from '../../engines/sql/index.ts';
import type { ServiceDefinition } from '../../kit/server/index.ts';
import { openServiceOutbox } from '../../resilience/outbox/index.ts';
import { CapsuleWriter } from './capsule-writer.ts';
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
    const db = await openSqlDatabase(context, CAPSULE_MIGRATIONS, (hook) => app.addHook('onClose', hook));
    const store = new SqlCapsuleStore(db);
    const { outbox, relay } = openServiceOutbox(app, context, {
      topic: ANNOUNCEMENT_TOPIC,
      deliver: announcementDelivery(context.peer('odyssey')),
      failureMessage: 'announcement to odyssey failed; it stays queued',
    });
    const announcer = new OdysseyAnnouncer(outbox, relay, context.clock);
    await capsuleRoutes(app, new CapsuleWriter(store, announcer, context.clock), store);
  },
};
