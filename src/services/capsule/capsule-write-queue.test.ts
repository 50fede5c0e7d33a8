import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryCapsuleStore } from '../../../test/fixtures/memory-capsule-store.ts';
import { IdempotencyConflictError } from '../../kit/errors/index.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { DurableOutbox, OutboxRelay } from '../../resilience/outbox/index.ts';
import type { CapsuleAnnouncement } from './capsule.ts';
import {
  CapsuleWriteQueue,
  QUEUED_WRITE_TOPIC,
  queuedWriteReplay,
  type ReplayConflict,
} from './capsule-write-queue.ts';
import { CapsuleWriter } from './capsule-writer.ts';
import type { CapsuleContent } from './schemas.ts';

const content = (payload: unknown = 1, scopeId = 'rim:test:queue'): CapsuleContent => ({
  header: {
    scope: { scopeId },
    time: { centerTsUtc: '2024-05-01T12:00:00Z', deltaTSeconds: 60, horizonSeconds: 3600 },
    vantage: { mode: 'OBSERVER', observerId: 'tester' },
  },
  configuration: {},
  dynamics: { payload },
});

// Time stands still unless a test moves it; the relay is drained by hand, never by a timer.

function setup(outboxPath = ':memory:') {
  const clock = new ManualClock(Date.parse('2024-06-01T00:00:00Z'));
  const store = new MemoryCapsuleStore();
  const announced: CapsuleAnnouncement[] = [];
  const conflicts: ReplayConflict[] = [];
  const announcer = {
    announce: async (_t: string, _c: string, a: CapsuleAnnouncement) => {
      announced.push(a);
    },
  };
  const outbox = new DurableOutbox(outboxPath);
  const relay = new OutboxRelay({
    outbox,
    topic: QUEUED_WRITE_TOPIC,
    clock,
    intervalMs: 1000,
    deliver: queuedWriteReplay(store, announcer, (conflict) => conflicts.push(conflict)),
  });
  const queue = new CapsuleWriteQueue(outbox, relay, clock);
  const writer = new CapsuleWriter(store, announcer, clock, queue);
  return { clock, store, announced, conflicts, outbox, relay, queue, writer };
}

test('without a quorum a write is queued durably, answered with its id, and stored unchanged on replay', async () => {
  const { clock, store, announced, outbox, relay, writer } = setup();
  store.available = false;
  const queued = await writer.write({ tenant: 'a', correlationId: 'c1', content: content() });
  assert.equal(queued.outcome, 'queued');
  assert.equal(store.capsules.size, 0);
  assert.equal(announced.length, 0, 'nothing is announced before it is stored');
  assert.equal(outbox.stats(QUEUED_WRITE_TOPIC, clock.now()).depth, 1);

  await clock.advance(5_000);
  assert.equal(await relay.drain(), 0, 'a replay while the quorum is still lost keeps the write queued');
  store.available = true;
  assert.equal(await relay.drain(), 1);
  const stored = store.capsules.get(`a|${queued.capsule.capsuleId}`);
  assert.deepEqual(stored, queued.capsule, 'same id, same createdAt (hence the same write timestamp)');
  assert.equal(stored?.createdAt, '2024-06-01T00:00:00.000Z');
  assert.deepEqual(
    announced.map((a) => a.capsuleId),
    [queued.capsule.capsuleId],
  );
  assert.equal(outbox.stats(QUEUED_WRITE_TOPIC, clock.now()).depth, 0);
});

test('queued writes replay in the order they were accepted', async () => {
  const { store, relay, writer } = setup();
  store.available = false;
  const ids: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    ids.push(
      (await writer.write({ tenant: 'a', correlationId: `c${i}`, content: content(i) })).capsule.capsuleId,
    );
  }
  store.available = true;
  assert.equal(await relay.drain(), 5);
  assert.deepEqual(
    [...store.capsules.keys()],
    ids.map((id) => `a|${id}`),
  );
});

test('a retry of a queued key answers the same capsule id; a different body under it is a conflict', async () => {
  const { clock, store, outbox, writer } = setup();
  store.available = false;
  const first = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: content(),
    idempotencyKey: 'k',
  });
  const retry = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: content(),
    idempotencyKey: 'k',
  });
  assert.equal(retry.outcome, 'queued');
  assert.equal(retry.capsule.capsuleId, first.capsule.capsuleId);
  assert.equal(outbox.stats(QUEUED_WRITE_TOPIC, clock.now()).depth, 1);
  await assert.rejects(
    writer.write({ tenant: 'a', correlationId: 'c', content: content(2), idempotencyKey: 'k' }),
    IdempotencyConflictError,
  );
  // The same key in another tenant is another write.
  const other = await writer.write({
    tenant: 'b',
    correlationId: 'c',
    content: content(),
    idempotencyKey: 'k',
  });
  assert.notEqual(other.capsule.capsuleId, first.capsule.capsuleId);
});

test('once the store is back, a retry of a still-queued key keeps the queued id instead of writing a second capsule', async () => {
  const { store, relay, writer } = setup();
  store.available = false;
  const first = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: content(),
    idempotencyKey: 'k',
  });
  store.available = true;
  const retry = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: content(),
    idempotencyKey: 'k',
  });
  assert.equal(retry.capsule.capsuleId, first.capsule.capsuleId);
  await relay.drain();
  const after = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: content(),
    idempotencyKey: 'k',
  });
  assert.equal(after.outcome, 'replayed');
  assert.equal(after.capsule.capsuleId, first.capsule.capsuleId);
  assert.equal(store.capsules.size, 1, 'zero duplicates');
});

test('a replay whose key was taken meanwhile by another request is reported, not stored twice', async () => {
  const { store, announced, conflicts, relay, writer } = setup();
  store.available = false;
  const queued = await writer.write({
    tenant: 'a',
    correlationId: 'c',
    content: content(1),
    idempotencyKey: 'k',
  });
  store.available = true;
  // Another instance (not this queue) claimed the key with another body during the outage.
  const other = await store.save(
    'a',
    { ...queued.capsule, capsuleId: '00000000-0000-4000-8000-000000000001' },
    {
      key: 'k',
      requestFingerprint: 'another-request',
    },
  );
  assert.equal(other.kind, 'created');
  assert.equal(await relay.drain(), 1);
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0]?.queued.capsule.capsuleId, queued.capsule.capsuleId);
  assert.equal(store.capsules.size, 1);
  assert.equal(announced.length, 0);
});

test('queued writes survive a restart: a new process replays what the old one acknowledged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capsule-queue-'));
  try {
    const path = join(dir, 'outbox.sqlite');
    const before = setup(path);
    before.store.available = false;
    const queued = await before.writer.write({ tenant: 'a', correlationId: 'c', content: content() });
    before.outbox.close();

    const after = setup(path);
    assert.equal(await after.relay.drain(), 1);
    assert.deepEqual(after.store.capsules.get(`a|${queued.capsule.capsuleId}`), queued.capsule);
    after.outbox.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
