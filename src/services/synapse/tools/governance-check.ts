import { z } from 'zod';
import type { Tool } from './tool.ts';

const parameters = z.object({
  actionType: z.string().min(1).max(128).describe('The action type to ask PLATO about.'),
  parameters: z.record(z.string(), z.unknown()).default({}),
  context: z.record(z.string(), z.unknown()).default({}),
});

/**
 * `governance.check`: asks PLATO whether an action on the RIM node would be allowed. SUCCESS
 * when PLATO approves; FAILURE (with the decision and the triggered policies) otherwise.
 */
export const governanceCheck: Tool<z.infer<typeof parameters>> = {
  id: 'governance.check',
  description: 'Asks PLATO to evaluate an action on the RIM node; succeeds only when it is approved.',
  parameters,
  needsRimNode: true,
  describe: ({ rimNodeId, parameters: { actionType } }) =>
    `ask PLATO whether ${actionType} on ${rimNodeId ?? '(no node)'} is allowed`,
  async run({ rimNodeId, parameters: given, actionId }, ports) {
    const evaluation = await ports.evaluateGovernance({
      rimNodeId: rimNodeId as string,
      action: { type: given.actionType, parameters: given.parameters },
      context: { ...given.context, actionId },
    });
    return {
      status: evaluation.decision === 'APPROVE' ? 'SUCCESS' : 'FAILURE',
      result: { decision: evaluation.decision, triggeredPolicies: evaluation.triggeredPolicies },
    };
  },
};
