import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError } from '../../../kit/errors/index.ts';
import type { OutboxEntry } from '../../../resilience/outbox/index.ts';
import { outcomeDelivery } from './outcome-delivery.ts';

const entry: OutboxEntry = {
  id: 1,
  topic: 'perception-outcomes',
  key: 'a-1',
  payload: { actionId: 'a-1' },
  tenant: 'acme',
  correlationId: 'corr-1',
  enqueuedAt: 0,
  attempts: 0,
  lastError: null,
};

function perceptionAnswering(status: number | Error) {
  const calls: { path: string; body: unknown; tenant: string; correlationId: string }[] = [];
  return {
    calls,
    async post(path: string, body: unknown, call: { tenant: string; correlationId: string }) {
      calls.push({ path, body, tenant: call.tenant, correlationId: call.correlationId });
      if (status instanceof Error) throw status;
      return { status, body: {}, headers: new Headers() } as never;
    },
  };
}

test("posts the payload to /api/v1/outcomes as the entry's tenant, with its correlation id", async () => {
  const perception = perceptionAnswering(202);
  await outcomeDelivery(perception, () => assert.fail('not refused'))(entry);
  assert.deepEqual(perception.calls, [
    { path: '/api/v1/outcomes', body: { actionId: 'a-1' }, tenant: 'acme', correlationId: 'corr-1' },
  ]);
});

test('an unreachable PERCEPTION throws so the relay retries', async () => {
  const deliver = outcomeDelivery(
    perceptionAnswering(new UpstreamUnavailableError('perception', 'ECONNREFUSED')),
    () => {},
  );
  await assert.rejects(deliver(entry), UpstreamUnavailableError);
});

test('429 is retried; a 400 is reported and dropped', async () => {
  await assert.rejects(outcomeDelivery(perceptionAnswering(429), () => {})(entry), /429/);
  const refused: number[] = [];
  await outcomeDelivery(perceptionAnswering(400), (_entry, status) => refused.push(status))(entry);
  assert.deepEqual(refused, [400]);
});
