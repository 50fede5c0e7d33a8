import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kit/time/index.ts';
import type { ObservationStore } from './observation-store.ts';
import type { Announcement } from './schemas.ts';

/**
 * Projects CAPSULE's announcements onto entities: each announced capsule becomes one
 * observation of the entity its scope names, so an entity's observation count matches
 * CAPSULE's capsule count for that scope once every announcement has arrived.
 */
export class EntityProjection {
  readonly #store: ObservationStore;
  readonly #clock: Clock;

  constructor(store: ObservationStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Incorporates an announced capsule; a repeated announcement is a no-op reported as `duplicate`. */
  async incorporate(tenant: string, announcement: Announcement): Promise<{ duplicate: boolean }> {
    return this.#store.record(tenant, {
      observationId: randomUUID(),
      entityId: announcement.scopeId,
      capsuleId: announcement.capsuleId,
      centerTsUtc: new Date(announcement.centerTsUtc).toISOString(),
      capsuleCreatedAt: new Date(announcement.createdAt).toISOString(),
      observedAt: new Date(this.#clock.now()).toISOString(),
      vantageMode: announcement.vantageMode,
      observerId: announcement.observerId,
    });
  }
}
