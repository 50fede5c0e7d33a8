import { z } from 'zod';
import { pageQuery, pageSchema } from '../../kit/http/index.ts';
import { jsonObject, textSchema, timestampSchema } from '../../kit/input/index.ts';
import { rimIdSchema } from '../../kit/rim-id/index.ts';

const isoInstant = timestampSchema;
/** A short, non-blank label (signal type, source, tool id…). */
const label = (max: number) =>
  textSchema
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value.trim().length > 0, 'must not be blank');

/** The body of `POST /api/v1/signals`. */
export const signalBodySchema = z.object({
  signalType: label(128),
  source: label(256),
  rimNodeId: rimIdSchema,
  payload: jsonObject,
  metadata: jsonObject.optional(),
});

/** The answer to an accepted signal: its capsule follows shortly, through the outbox. */
export const signalAcceptedSchema = z.object({
  signalId: z.string(),
  rimNodeId: z.string(),
  status: z.literal('ACCEPTED'),
  receivedAt: isoInstant,
});

// Answers are encoded, and jsonObject's input check is a one-way step zod cannot encode.
const storedObject = z.record(z.string(), z.unknown());

/** A recorded signal, with the capsule CAPSULE created for it (null until confirmed). */
export const signalViewSchema = z.object({
  signalId: z.string(),
  rimNodeId: z.string(),
  signalType: z.string(),
  source: z.string(),
  payload: storedObject,
  metadata: storedObject,
  receivedAt: isoInstant,
  capsuleId: z.string().nullable(),
  capsuleStatus: z.enum(['PENDING', 'CREATED', 'REJECTED']),
  capsuleError: z.string().nullable(),
});

/** `GET /api/v1/signals` query: a page, newest first, optionally of one node. */
export const signalListQuerySchema = pageQuery.extend({ rimNodeId: rimIdSchema.optional() });

/** A page of signals. */
export const signalPageSchema = pageSchema(signalViewSchema);

/** `GET /api/v1/signals/{signalId}` params. */
export const signalParamsSchema = z.object({ signalId: textSchema.min(1).max(128) });

/** `GET /api/v1/state/{rimNodeId}` params. */
export const stateParamsSchema = z.object({ rimNodeId: rimIdSchema });

/** A RIM node's state. */
export const nodeStateViewSchema = z.object({
  rimNodeId: z.string(),
  status: z.enum(['ACTIVE', 'OBSERVED']),
  capsuleId: z.string().nullable(),
  lastSignalAt: isoInstant.nullable(),
  lastSignalId: z.string().nullable(),
  lastOutcome: z
    .object({
      actionId: z.string(),
      outcomeStatus: z.string(),
      toolId: z.string(),
      planId: z.string().nullable(),
      completedAt: isoInstant,
      receivedAt: isoInstant,
    })
    .nullable(),
});

/** The body of `POST /api/v1/outcomes` (SYNAPSE reports each action with a rimNodeId). */
export const outcomeBodySchema = z.object({
  actionId: label(128),
  rimNodeId: rimIdSchema,
  toolId: label(128),
  outcomeStatus: label(64),
  planId: label(128).nullish(),
  completedAt: isoInstant,
});

/** The answer to an outcome report; `duplicate` when the action was already reported. */
export const outcomeAcceptedSchema = z.object({
  actionId: z.string(),
  rimNodeId: z.string(),
  accepted: z.literal(true),
  duplicate: z.boolean(),
});
