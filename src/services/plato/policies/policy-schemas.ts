import { z } from 'zod';
import { pageQuery, pageSchema } from '../../../kit/http/index.ts';
import { textSchema } from '../../../kit/input/index.ts';
import { nameSchema } from '../name-schema.ts';
import { RULE_ACTIONS } from './policy.ts';
import { RIM_NODE_PATTERN_SYNTAX } from './policy-scope.ts';

/** One rule; the condition's grammar is checked by the rule parser, which reports the position. */
export const policyRuleSchema = z.object({
  ruleId: nameSchema.max(64),
  condition: textSchema
    .min(1)
    .describe('A condition in the PLATO rule language (src/services/plato/rules/README.md).'),
  action: z.enum(RULE_ACTIONS),
});

/** Which evaluations a policy applies to; unknown keys are refused so typos do not widen a policy. */
export const policyScopeSchema = z
  .strictObject({
    actionTypes: z
      .array(textSchema.min(1).max(128))
      .max(50)
      .optional()
      .describe('Applies only to these action types.'),
    rimNodePattern: z
      .string()
      .regex(RIM_NODE_PATTERN_SYNTAX, "expected a RIM id glob: RIM id characters and '*', at most 256")
      .optional()
      .describe("Applies only to RIM nodes matching this glob; '*' is any run of characters."),
  })
  .describe('Which evaluations the policy applies to; empty applies to all.');

/** The body of `POST /api/v1/policies`. */
export const newPolicySchema = z.object({
  namespace: nameSchema,
  name: nameSchema,
  policyType: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "expected a type name such as 'GOVERNANCE' or 'RISK'")
    .describe('A free classification, e.g. GOVERNANCE, RISK, COMPLIANCE.'),
  rules: z.array(policyRuleSchema).min(1).max(100),
  scope: policyScopeSchema.default({}),
});

/** A stored policy. */
export const policySchema = newPolicySchema.extend({
  id: z.string(),
  scope: policyScopeSchema,
  createdAt: z.string(),
});

/** Path parameters naming a policy. */
export const policyIdParams = z.object({ id: textSchema.min(1).max(64) });

/** Query of `GET /api/v1/governance/policies`. */
export const policyListQuery = pageQuery.extend({ namespace: nameSchema.optional() });

/** A page of policies. */
export const policyPageSchema = pageSchema(policySchema);
