import { z } from 'zod';
import type { Tool, ToolInvocation } from './tool.ts';

const parameters = z.object({
  note: z.string().min(1).max(2000).describe('The annotation to record.'),
  tags: z.array(z.string().min(1).max(64)).max(20).default([]),
});

type Parameters = z.infer<typeof parameters>;

/** The observer id capsules written by SYNAPSE carry. */
export const SYNAPSE_OBSERVER_ID = 'synapse-service';

/**
 * `capsule.annotate`: records a note about a RIM node as a capsule in CAPSULE, so the action
 * becomes part of the node's history. The capsule's idempotency key is derived from the action,
 * so one action never creates two capsules.
 */
export const capsuleAnnotate: Tool<Parameters> = {
  id: 'capsule.annotate',
  description: 'Records a note about the RIM node as a capsule in CAPSULE (meta.actionId links it back).',
  parameters,
  needsRimNode: true,
  describe: ({ rimNodeId, parameters: { note } }) =>
    `create a capsule for ${rimNodeId ?? '(no node)'} noting ${JSON.stringify(note)}`,
  async run(invocation, ports) {
    const capsule = annotationCapsule(invocation);
    const { capsuleId, sandboxed } = await ports.createCapsule(capsule, `action-${invocation.actionId}`);
    return { status: 'SUCCESS', result: { capsuleId, sandboxed, scopeId: invocation.rimNodeId } };
  },
};

/** The capsule an annotation creates (the CAPSULE contract's shape). */
export function annotationCapsule({
  actionId,
  rimNodeId,
  now,
  parameters: { note, tags },
}: ToolInvocation<Parameters>): Record<string, unknown> {
  return {
    header: {
      scope: { scopeId: rimNodeId, description: 'annotation recorded by a SYNAPSE action' },
      time: { centerTsUtc: now.toISOString(), deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: SYNAPSE_OBSERVER_ID },
    },
    configuration: { toolId: 'capsule.annotate', tags },
    dynamics: { note },
    meta: { actionId },
  };
}
