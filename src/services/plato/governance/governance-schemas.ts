import { z } from 'zod';
import { jsonObject, textSchema } from '../../../kit/input/index.ts';
import { rimIdSchema } from '../../../kit/rim-id/index.ts';
import { RULE_ACTIONS } from '../policies/policy.ts';

/** The body of `POST /api/v1/governance/evaluate`. */
export const evaluationRequestSchema = z.object({
  rimNodeId: rimIdSchema,
  action: z.object({
    type: textSchema.min(1).max(128),
    toolId: textSchema.min(1).max(128).optional(),
    parameters: jsonObject.default({}),
  }),
  context: jsonObject.default({}),
});

/** One rule that triggered. */
export const triggeredPolicySchema = z.object({
  policyId: z.string(),
  name: z.string(),
  ruleId: z.string(),
  action: z.enum(RULE_ACTIONS),
});

/** A governance decision. */
export const evaluationSchema = z.object({
  decision: z.enum(RULE_ACTIONS),
  triggeredPolicies: z.array(triggeredPolicySchema),
  policySource: z
    .enum(['LIVE', 'CACHE'])
    .describe('LIVE: current policies; CACHE: a stale copy while the store is unreachable.'),
  cacheAgeSeconds: z
    .number()
    .int()
    .optional()
    .describe('Age of the stale copy, present when policySource is CACHE.'),
  evaluatedAt: z.string(),
});
