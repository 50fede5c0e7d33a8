import { existence, readAllPages, stringField, type WorkloadTarget } from './workload-target.ts';

/**
 * CAPSULE writes: `POST /api/v1/capsules` with `X-Idempotency-Key`, each capsule in one scope
 * `rim:chaos:<run>` with the key in `meta.chaosKey`. 201 (stored) and 202 (queued while
 * Cassandra has no quorum, stored later under the same id) both name the capsule id. Read back
 * by id and by scope.
 */
export function capsuleWrites(runId: string, now: () => number): WorkloadTarget {
  const scopeId = `rim:chaos:${runId}`;
  return {
    service: 'capsule-service',
    write: (send, key, seq) =>
      send({
        method: 'POST',
        path: '/api/v1/capsules',
        headers: { 'x-idempotency-key': key },
        body: {
          header: {
            scope: { scopeId, description: 'chaos workload' },
            time: { centerTsUtc: new Date(now()).toISOString(), deltaTSeconds: 1, horizonSeconds: 60 },
            vantage: { mode: 'CHAOS', observerId: 'chaos-workload' },
          },
          configuration: { seq },
          dynamics: {},
          meta: { chaosKey: key },
        },
      }),
    idOf: (answer) => stringField(answer.body, 'capsuleId'),
    exists: async (send, id) => existence(await send({ method: 'GET', path: `/api/v1/capsules/${id}` })),
    listScope: async (send) => {
      const items = await readAllPages(send, `/api/v1/capsules?scopeId=${encodeURIComponent(scopeId)}`);
      return items?.map((item) => ({
        id: stringField(item, 'capsuleId') ?? '?',
        key: stringField(item, 'meta', 'chaosKey'),
      }));
    },
  };
}
