import { existence, readAllPages, stringField, type WorkloadTarget } from './workload-target.ts';

/**
 * PLATO policy writes: `POST /api/v1/policies` into the namespace `chaos-<run>`, the key as the
 * policy's name (unique per namespace, so a second write of a key is refused, never doubled).
 * Read back by id and by namespace.
 */
export function platoPolicies(runId: string): WorkloadTarget {
  const namespace = `chaos-${runId}`;
  return {
    service: 'plato-service',
    write: (send, key) =>
      send({
        method: 'POST',
        path: '/api/v1/policies',
        headers: { 'x-idempotency-key': key },
        body: {
          namespace,
          name: key,
          policyType: 'CHAOS',
          rules: [{ ruleId: 'never', condition: 'action.type == "CHAOS_NEVER"', action: 'DENY' }],
          scope: { actionTypes: ['CHAOS_NEVER'] },
        },
      }),
    idOf: (answer) => stringField(answer.body, 'id'),
    exists: async (send, id) => existence(await send({ method: 'GET', path: `/api/v1/policies/${id}` })),
    listScope: async (send) => {
      const items = await readAllPages(
        send,
        `/api/v1/governance/policies?namespace=${encodeURIComponent(namespace)}`,
      );
      return items?.map((item) => ({ id: stringField(item, 'id') ?? '?', key: stringField(item, 'name') }));
    },
  };
}
