import { z } from 'zod';
import { pageQuery, pageSchema } from '../../kit/http/index.ts';
import { jsonObject, textSchema } from '../../kit/input/index.ts';
import { rimIdSchema } from '../../kit/rim-id/index.ts';
import { EXECUTION_MODES, OUTCOME_STATUSES } from './actions/action.ts';

const planIdSchema = textSchema.min(1).max(128);

/** The body of `POST /api/v1/actions`. */
export const actionRequestSchema = z.object({
  toolId: textSchema.min(1).max(128).describe('A built-in tool; GET /api/v1/tools lists them.'),
  parameters: jsonObject.default({}),
  executionMode: z
    .enum(EXECUTION_MODES)
    .describe(
      'DRY_RUN: nothing runs (SIMULATED); SANDBOX: the tool runs without writing to peers; EXECUTE: for real.',
    ),
  planId: planIdSchema.nullish(),
  rimNodeId: rimIdSchema
    .nullish()
    .describe('The RIM node acted on; actions with one report their outcome to PERCEPTION.'),
});

/**
 * Headers of `POST /api/v1/actions`: the optional idempotency key (1-128 printable ASCII; it is
 * echoed in errors and logs, so no control characters). Other headers pass through untouched.
 */
export const actionHeadersSchema = z.looseObject({
  'x-idempotency-key': z
    .string()
    .regex(/^[\x20-\x7e]{1,128}$/, 'expected 1-128 printable ASCII characters')
    .optional(),
});

/** An action and how it ended. */
export const actionSchema = z.object({
  actionId: z.string(),
  toolId: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  executionMode: z.enum(EXECUTION_MODES),
  outcomeStatus: z.enum(OUTCOME_STATUSES),
  result: z.record(z.string(), z.unknown()),
  planId: z.string().nullable(),
  rimNodeId: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string(),
});

/** Path parameters naming an action. */
export const actionIdParams = z.object({ actionId: textSchema.min(1).max(64) });

/** Query of `GET /api/v1/actions`. */
export const actionListQuery = pageQuery.extend({
  planId: planIdSchema.optional(),
  rimNodeId: rimIdSchema.optional(),
});

/** A page of actions. */
export const actionPageSchema = pageSchema(actionSchema);

/** The built-in tools. */
export const toolListSchema = z.object({
  tools: z.array(z.object({ toolId: z.string(), description: z.string(), needsRimNode: z.boolean() })),
});
