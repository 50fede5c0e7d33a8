import { existence, readAllPages, stringField, type WorkloadTarget } from './workload-target.ts';

/**
 * SYNAPSE actions: `POST /api/v1/actions` running the side-effect-free `noop.echo` tool with
 * `X-Idempotency-Key`, each on the RIM node `rim:chaos:<run>` with the key in its parameters.
 * Read back by id and by RIM node.
 */
export function synapseActions(runId: string): WorkloadTarget {
  const rimNodeId = `rim:chaos:${runId}`;
  return {
    service: 'synapse-service',
    write: (send, key, seq) =>
      send({
        method: 'POST',
        path: '/api/v1/actions',
        headers: { 'x-idempotency-key': key },
        body: {
          toolId: 'noop.echo',
          executionMode: 'EXECUTE',
          rimNodeId,
          parameters: { chaosKey: key, seq },
        },
      }),
    idOf: (answer) => stringField(answer.body, 'actionId'),
    exists: async (send, id) => existence(await send({ method: 'GET', path: `/api/v1/actions/${id}` })),
    listScope: async (send) => {
      const items = await readAllPages(send, `/api/v1/actions?rimNodeId=${encodeURIComponent(rimNodeId)}`);
      return items?.map((item) => ({
        id: stringField(item, 'actionId') ?? '?',
        key: stringField(item, 'parameters', 'chaosKey'),
      }));
    },
  };
}
