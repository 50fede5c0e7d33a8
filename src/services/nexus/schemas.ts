import { z } from 'zod';
import { HEALTH_STATUSES } from '../../kit/health/index.ts';
import { rimIdSchema } from '../../kit/rim-id/index.ts';
import { ISO_DURATION_FORMAT } from '../../kit/time/index.ts';
import { parseTimeframeSpan } from './timeframe.ts';

const isoInstant = z.iso.datetime({ offset: true });
const jsonObject = z.record(z.string(), z.unknown());

/** A lookback or lookahead: an ISO-8601 duration (`PT1H`, `P1D`) of at most MAX_SPAN_DAYS; the message names what was wrong. */
const isoDuration = z
  .string({ error: `expected ${ISO_DURATION_FORMAT}` })
  .max(64, 'at most 64 characters')
  .superRefine((text, ctx) => {
    const parsed = parseTimeframeSpan(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  });

/** The body of `POST /api/v1/temporal/slice`. */
export const sliceBodySchema = z.object({
  entityId: rimIdSchema,
  timeframe: z
    .object({
      lookback: isoDuration
        .default('P1D')
        .describe('How far back the past reaches (ISO-8601 duration, default P1D)'),
      lookahead: isoDuration
        .default('PT1H')
        .describe('How far ahead the window reaches (ISO-8601 duration, default PT1H)'),
    })
    .default({ lookback: 'P1D', lookahead: 'PT1H' }),
  options: z
    .object({
      allowStaleData: z
        .boolean()
        .default(false)
        .describe('Serve a cached view older than the TTL when its source is unavailable'),
    })
    .default({ allowStaleData: false }),
});

const sourceReportSchema = z.object({
  status: z.enum(['UP', 'UNAVAILABLE', 'NOT_FOUND']),
  source: z.enum(['LIVE', 'CACHE']),
  cacheAgeSeconds: z.number().nullable(),
  stale: z.boolean(),
  reason: z.string().optional(),
});

/** A temporal slice; served 200 when complete and 206 when a source is missing. */
export const sliceSchema = z.object({
  entityId: z.string(),
  timeframe: z.object({ lookback: z.string(), lookahead: z.string(), from: isoInstant, to: isoInstant }),
  past: z
    .object({ from: isoInstant, to: isoInstant, totalCapsules: z.number(), capsules: z.array(z.unknown()) })
    .nullable()
    .describe("CAPSULE's history of the entity within the window (null when unavailable)"),
  present: z.object({
    perception: jsonObject
      .nullable()
      .describe("PERCEPTION's state of the RIM node (null when unknown or unavailable)"),
    entity: jsonObject.nullable().describe("ODYSSEY's entity state (null when unknown or unavailable)"),
  }),
  future: z
    .object({ plans: z.array(z.unknown()) })
    .nullable()
    .describe("PLATO's pending and executing plans for the entity (null when unavailable)"),
  coherenceScore: z.number().min(0).max(1),
  sources: z.object({
    perception: sourceReportSchema,
    capsule: sourceReportSchema,
    odyssey: sourceReportSchema,
    plato: sourceReportSchema,
  }),
  degraded: z.boolean(),
  generatedAt: isoInstant,
});

const breakerState = z.enum(['CLOSED', 'OPEN', 'HALF_OPEN', 'FORCED_OPEN', 'FORCED_CLOSED']);
const serviceHealthSchema = z.object({
  pod: z.string(),
  status: z.enum(HEALTH_STATUSES),
  circuitBreakerState: breakerState.nullable(),
  lastChecked: isoInstant,
  reason: z.string().optional(),
});

/** `GET /api/v1/ecosystem/health`. */
export const ecosystemHealthSchema = z.object({
  overallStatus: z.enum(HEALTH_STATUSES),
  services: z.object({
    perception: serviceHealthSchema,
    capsule: serviceHealthSchema,
    odyssey: serviceHealthSchema,
    plato: serviceHealthSchema,
    nexus: serviceHealthSchema,
    synapse: serviceHealthSchema,
  }),
});
