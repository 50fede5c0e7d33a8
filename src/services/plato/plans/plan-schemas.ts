import { z } from 'zod';
import { pageQuery, pageSchema } from '../../../kit/http/index.ts';
import { jsonObject, textSchema } from '../../../kit/input/index.ts';
import { rimIdSchema } from '../../../kit/rim-id/index.ts';
import { nameSchema } from '../name-schema.ts';
import { PLAN_MODES, PLAN_STATUSES, STEP_STATUSES, STEP_TYPES } from './plan.ts';

/** Step names end up in SYNAPSE idempotency keys, so they stay short and plain. */
const stepNameSchema = nameSchema.max(64);

const stepActionSchema = z.object({
  type: z.enum(STEP_TYPES),
  toolId: textSchema
    .min(1)
    .max(128)
    .optional()
    .describe('The SYNAPSE tool an EXECUTE step runs (required for EXECUTE).'),
  parameters: jsonObject.optional(),
});

const stepSpecSchema = z.object({
  name: stepNameSchema,
  action: stepActionSchema,
  dependsOn: z.array(stepNameSchema).max(100).default([]).describe('Names of steps that must succeed first.'),
});

/** The body of `POST /api/v1/plans`. */
export const newPlanSchema = z.object({
  namespace: nameSchema,
  rimNodeId: rimIdSchema.optional(),
  steps: z.array(stepSpecSchema).min(1).max(100),
});

const planStepSchema = stepSpecSchema.extend({
  // Answers are encoded, and jsonObject's input check is a one-way step zod cannot encode.
  action: stepActionSchema.extend({ parameters: z.record(z.string(), z.unknown()).optional() }),
  status: z.enum(STEP_STATUSES),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

/** A plan with each step's progress. */
export const planSchema = z.object({
  id: z.string(),
  namespace: z.string(),
  rimNodeId: z.string().nullable(),
  status: z.enum(PLAN_STATUSES),
  mode: z.enum(PLAN_MODES).nullable(),
  steps: z.array(planStepSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The body of `POST /api/v1/plans/{id}/execute`. */
export const executePlanSchema = z.object({ mode: z.enum(PLAN_MODES) });

/** Path parameters naming a plan. */
export const planIdParams = z.object({ id: textSchema.min(1).max(64) });

/** Query of `GET /api/v1/plans`. */
export const planListQuery = pageQuery.extend({
  rimNodeId: rimIdSchema.optional(),
  status: z.enum(PLAN_STATUSES).optional(),
});

/** A page of plans. */
export const planPageSchema = pageSchema(planSchema);
