import type { z } from 'zod';
import type { entityStateSchema, observationSchema } from './schemas.ts';

/** One capsule incorporated into an entity. */
export type Observation = z.infer<typeof observationSchema>;

/** What ODYSSEY knows of an entity. */
export type EntityState = z.infer<typeof entityStateSchema>;

/** An observation with what ordering needs beyond the API shape. */
export interface NewObservation extends Observation {
  /** When CAPSULE stored the capsule; breaks ties on `centerTsUtc` the way CAPSULE does. */
  capsuleCreatedAt: string;
}

/** One slice of an entity's observations and how many there are in all. */
export interface ObservationSlice {
  observations: Observation[];
  total: number;
}

/**
 * Where ODYSSEY keeps its entity world-model. One observation per (tenant, capsuleId):
 * recording a capsule twice changes nothing, so announcements may be delivered more than once.
 */
export interface ObservationStore {
  /** Records an observation; `duplicate` when the tenant's capsule was already recorded. */
  record(tenant: string, observation: NewObservation): Promise<{ duplicate: boolean }>;
  /** An entity's observations, newest capsule first (as CAPSULE orders them). */
  list(tenant: string, entityId: string, offset: number, limit: number): Promise<ObservationSlice>;
  /** The entity's state, or undefined when nothing was observed for it. */
  state(tenant: string, entityId: string): Promise<EntityState | undefined>;
}
