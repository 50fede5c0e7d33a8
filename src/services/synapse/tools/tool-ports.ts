import type { CallContext } from '../../../kit/http/index.ts';
import type { PeerClient } from '../../../resilience/peer/index.ts';
import { ToolRejectedError, type ToolPorts } from './tool.ts';
import type { Decision } from './governance-decision.ts';

interface ErrorBody {
  error?: { message?: string };
}

/** The live ports: CAPSULE and PLATO through their peer clients, on behalf of `call`. */
export function peerToolPorts(
  peers: { capsule: Pick<PeerClient, 'post'>; plato: Pick<PeerClient, 'post'> },
  call: CallContext,
): ToolPorts {
  return {
    async createCapsule(capsule, idempotencyKey) {
      const response = await peers.capsule.post<{ capsuleId?: string } & ErrorBody>(
        '/api/v1/capsules',
        capsule,
        call,
        {
          'x-idempotency-key': idempotencyKey,
        },
      );
      if (response.status >= 300 || typeof response.body?.capsuleId !== 'string') {
        throw new ToolRejectedError(
          'capsule',
          response.status,
          response.body?.error?.message ?? 'no capsuleId in the answer',
        );
      }
      return { capsuleId: response.body.capsuleId, sandboxed: false };
    },
    async evaluateGovernance(input) {
      const response = await peers.plato.post<
        { decision?: Decision; triggeredPolicies?: unknown[] } & ErrorBody
      >('/api/v1/governance/evaluate', input, call);
      if (response.status >= 300 || !response.body?.decision) {
        throw new ToolRejectedError(
          'plato',
          response.status,
          response.body?.error?.message ?? 'no decision in the answer',
        );
      }
      return { decision: response.body.decision, triggeredPolicies: response.body.triggeredPolicies ?? [] };
    },
  };
}

/** SANDBOX ports: reads stay live, writes to peers are replaced by stand-ins that change nothing. */
export function sandboxToolPorts(live: ToolPorts): ToolPorts {
  return {
    createCapsule: async () => ({ capsuleId: null, sandboxed: true }),
    evaluateGovernance: (input) => live.evaluateGovernance(input),
  };
}
