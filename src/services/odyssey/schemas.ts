import { z } from 'zod';
import { pageQuery, pageSchema } from '../../kit/http/index.ts';
import { textSchema, timestampSchema } from '../../kit/input/index.ts';
import { rimIdSchema } from '../../kit/rim-id/index.ts';

const isoInstant = timestampSchema;

/** What CAPSULE announces for each stored capsule (`POST /api/v1/capsule/announcements`). */
export const announcementSchema = z.object({
  capsuleId: z.uuid(),
  scopeId: rimIdSchema,
  centerTsUtc: isoInstant,
  createdAt: isoInstant,
  vantageMode: textSchema.min(1).max(64),
  observerId: textSchema.min(1).max(256),
});

/** An announcement as received. */
export type Announcement = z.infer<typeof announcementSchema>;

/** The answer to an announcement; `duplicate` when the capsule was already incorporated. */
export const announcementReceiptSchema = z.object({
  capsuleId: z.string(),
  accepted: z.literal(true),
  duplicate: z.boolean(),
});

/** One capsule ODYSSEY incorporated into an entity. */
export const observationSchema = z.object({
  observationId: z.uuid(),
  entityId: z.string(),
  capsuleId: z.string(),
  centerTsUtc: isoInstant,
  observedAt: isoInstant,
  vantageMode: z.string(),
  observerId: z.string(),
});

/** What ODYSSEY knows of an entity. */
export const entityStateSchema = z.object({
  entityId: z.string(),
  observationCount: z.number().int(),
  firstObservedAt: isoInstant,
  lastObservedAt: isoInstant,
  latestCapsuleId: z.string(),
});

/** `GET /api/v1/entities` query. */
export const entitiesQuerySchema = pageQuery.extend({ entityId: rimIdSchema });

/** `GET /api/v1/entities/{entityId}/state` params. */
export const entityParamsSchema = z.object({ entityId: rimIdSchema });

/** A page of observations, newest first. */
export const observationPageSchema = pageSchema(observationSchema);

/** `POST /api/v1/capsule/orchestrate` body. Only READ exists today. */
export const orchestrateBodySchema = z.object({
  scopeId: rimIdSchema,
  mode: z.enum(['READ']),
});

/** A capsule as CAPSULE returns it; ODYSSEY passes it through without reshaping it. */
export const capsuleRecordSchema = z.looseObject({ capsuleId: z.string() });

/** A page of capsules as CAPSULE answers `GET /api/v1/capsules`. */
export const capsulePageSchema = pageSchema(capsuleRecordSchema);

/** The orchestrated read of a scope: CAPSULE's latest capsules and ODYSSEY's entity state. */
export const orchestrationSchema = z.object({
  scopeId: z.string(),
  mode: z.enum(['READ']),
  source: z.enum(['LIVE', 'CACHE']),
  degraded: z.boolean(),
  capsules: z.array(capsuleRecordSchema),
  entity: entityStateSchema.nullable(),
  /** When the capsules were fetched from CAPSULE (long ago, for a cached answer). */
  fetchedAt: isoInstant,
  /** How old the cached capsules are; only on CACHE answers. */
  cacheAgeSeconds: z.number().optional(),
});
