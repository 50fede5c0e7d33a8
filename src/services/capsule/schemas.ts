import { z } from 'zod';
import { pageQuery, pageSchema } from '../../kit/http/index.ts';
import { jsonObject, textSchema, timestampSchema } from '../../kit/input/index.ts';
import { rimIdSchema } from '../../kit/rim-id/index.ts';

const isoInstant = timestampSchema;
const seconds = z.number().nonnegative('expected a non-negative number of seconds').finite();
const section = jsonObject;
// Answers are encoded, and the input check runs before z.record (a one-way step zod cannot encode).
const storedSection = z.record(z.string(), z.unknown());

/** The `header` of a capsule: what it is about, when, and from whose point of view. */
export const capsuleHeaderSchema = z.object({
  scope: z.object({
    scopeId: rimIdSchema,
    description: textSchema.max(1024).optional(),
  }),
  time: z.object({
    centerTsUtc: isoInstant,
    deltaTSeconds: seconds,
    horizonSeconds: seconds,
  }),
  vantage: z.object({
    mode: textSchema.min(1).max(64),
    observerId: textSchema.min(1).max(256),
  }),
});

/** The body of `POST /api/v1/capsules`. */
export const capsuleBodySchema = z.object({
  header: capsuleHeaderSchema,
  configuration: section,
  dynamics: section,
  agency: section.optional(),
  counterfactual: section.optional(),
  meta: section.optional(),
});

/** What a client sends to store a capsule. */
export type CapsuleContent = z.infer<typeof capsuleBodySchema>;

/** A stored capsule, as every read returns it. */
export const storedCapsuleSchema = z.object({ capsuleId: z.uuid() }).extend(capsuleBodySchema.shape).extend({
  configuration: storedSection,
  dynamics: storedSection,
  agency: storedSection.optional(),
  counterfactual: storedSection.optional(),
  meta: storedSection.optional(),
  createdAt: isoInstant,
});

/**
 * Idempotency keys: 1-128 printable ASCII characters. PERCEPTION sends `signal-<signalId>`.
 * Control characters are refused because the key is echoed in errors and logs.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,128}$/, 'expected 1-128 printable ASCII characters');

/** Headers of `POST /api/v1/capsules`. */
export const createHeadersSchema = z.object({ 'x-idempotency-key': idempotencyKeySchema.optional() });

/** `GET /api/v1/capsules` query. */
export const listQuerySchema = pageQuery.extend({ scopeId: rimIdSchema });

/** `GET /api/v1/history` query: an inclusive range over `centerTsUtc`; either end may be open. */
export const historyQuerySchema = pageQuery
  .extend({ scopeId: rimIdSchema, from: isoInstant.optional(), to: isoInstant.optional() })
  .superRefine((query, ctx) => {
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      for (const field of ['from', 'to'] as const) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'from must not be after to' });
      }
    }
  });

/** `GET /api/v1/capsules/{capsuleId}` params. */
export const capsuleParamsSchema = z.object({ capsuleId: textSchema.min(1).max(128) });

/** A page of capsules, newest first. */
export const capsulePageSchema = pageSchema(storedCapsuleSchema).extend({
  degraded: z
    .literal(true)
    .optional()
    .describe(
      'Present when Cassandra lost its quorum and the page was read at ONE: it may miss recent writes.',
    ),
});

/** One capsule as read, flagged like a page when the read was degraded. */
export const capsuleReadSchema = storedCapsuleSchema.extend({
  degraded: z
    .literal(true)
    .optional()
    .describe('Present when Cassandra lost its quorum and the capsule was read at ONE.'),
});

/** The 202 answer of a write accepted into the durable queue while Cassandra has no quorum. */
export const queuedCapsuleSchema = z.object({
  capsuleId: z.uuid(),
  status: z.literal('QUEUED'),
});
