import type { PeerClient } from '../../../resilience/peer/index.ts';
import { ActionRejectedError, type SubmittedAction, type SynapsePort } from './synapse-port.ts';

interface ErrorBody {
  error?: { code?: string; message?: string };
}

/** SynapsePort over the `synapse-client` peer: `POST /api/v1/actions` with `X-Idempotency-Key`. */
export function peerSynapsePort(synapse: Pick<PeerClient, 'post'>): SynapsePort {
  return {
    async submit(action, idempotencyKey, call) {
      const response = await synapse.post<SubmittedAction & ErrorBody>('/api/v1/actions', action, call, {
        'x-idempotency-key': idempotencyKey,
      });
      if (response.status >= 200 && response.status < 300) return response.body;
      const error = response.body?.error;
      throw new ActionRejectedError(
        response.status,
        error?.code,
        error?.message ?? `SYNAPSE answered ${response.status}`,
      );
    },
  };
}
