import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdempotencyConflictError } from '../../kit/errors/index.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { MemoryCapsuleStore } from '../../../test/fixtures/memory-capsule-store.ts';
import type { CapsuleAnnouncement } from './capsule.ts';
import { CapsuleWriter } from './capsule-writer.ts';
import type { CapsuleContent } from './schemas.ts';

const clock = new ManualClock(Date.parse('2024-06-01T00:00:00Z'));

const content = (payload: unknown = 1): CapsuleContent => ({
  header: {
    scope: { scopeId: 'rim:test:verification' },
    time: { centerTsUtc: '2024-05-01T12:00:00Z', deltaTSeconds: 60, horizonSeconds: 3600 },
    vantage: { mode: 'OBSERVER', observerId: 'tester' },
  },
  configuration: {},
  dynamics: { payload },
});

function setup() {
  const store = new MemoryCapsuleStore();
  const announced: { tenant: string; announcement: CapsuleAnnouncement }[] = [];
  const writer = new CapsuleWriter(
    store,
    {
      announce: async (tenant, _c, announcement) => {
        announced.push({ tenant, announcement });
      },
    },
    clock,
  );
  return { store, announced, writer };
}

test('a write stores the capsule and announces it', async () => {
  const { store, announced, writer } = setup();
  const { capsule, outcome } = await writer.write({ tenant: 'a', correlationId: 'c', content: content() });
  assert.equal(outcome, 'created');
  assert.equal(capsule.createdAt, '2024-06-01T00:00:00.000Z');
  assert.equal(store.capsules.size, 1);
  assert.deepEqual(
    announced.map((a) => [a.tenant, a.announcement.capsuleId]),
    [['a', capsule.capsuleId]],
  );
});

test('writes without a key are never deduplicated', async () => {
  const { store, writer } = setup();
  await writer.write({ tenant: 'a', correlationId: 'c', content: content() });
  await writer.write({ tenant: 'a', correlationId: 'c', content: content() });
  assert.equal(store.capsules.size, 2);
});

test('a replay with the same key and body returns the first capsule and announces it again', async () => {
  const { store, announced, writer } = setup();
  const first = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: content(),
    idempotencyKey: 'k',
  });
  // Same instant spelled differently is the same request.
  const replayContent = content();
  replayContent.header.time.centerTsUtc = '2024-05-01T14:00:00+02:00';
  const replay = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: replayContent,
    idempotencyKey: 'k',
  });
  assert.equal(replay.outcome, 'replayed');
  assert.deepEqual(replay.capsule, first.capsule);
  assert.equal(store.capsules.size, 1);
  assert.deepEqual(
    announced.map((a) => a.announcement.capsuleId),
    [first.capsule.capsuleId, first.capsule.capsuleId],
  );
});

test('the same key with a different body is a conflict and announces nothing', async () => {
  const { announced, writer } = setup();
  await writer.write({ tenant: 'a', correlationId: 'c', content: content(1), idempotencyKey: 'k' });
  await assert.rejects(
    writer.write({ tenant: 'a', correlationId: 'c', content: content(2), idempotencyKey: 'k' }),
    (error: unknown) => error instanceof IdempotencyConflictError && error.details.idempotencyKey === 'k',
  );
  assert.equal(announced.length, 1);
});

test('idempotency keys are per tenant', async () => {
  const { store, writer } = setup();
  const a = await writer.write({ tenant: 'a', correlationId: 'c', content: content(1), idempotencyKey: 'k' });
  const b = await writer.write({ tenant: 'b', correlationId: 'c', content: content(2), idempotencyKey: 'k' });
  assert.equal(b.outcome, 'created');
  assert.notEqual(a.capsule.capsuleId, b.capsule.capsuleId);
  assert.equal(store.capsules.size, 2);
});
