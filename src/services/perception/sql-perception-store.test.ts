import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PgliteClient } from '../../engines/embedded/index.ts';
import { migrate } from '../../engines/sql/index.ts';
import { perceptionMigrations } from './migrations.ts';
import type { Outcome, Signal } from './perception-store.ts';
import { SqlPerceptionStore } from './sql-perception-store.ts';

let db: PgliteClient;
let store: SqlPerceptionStore;

before(async () => {
  db = await PgliteClient.open('memory://');
  await migrate(db, perceptionMigrations);
  store = new SqlPerceptionStore(db);
});
after(() => db.close());

let counter = 0;
const signal = (tenant: string, rimNodeId: string, receivedAt: number): Signal => ({
  tenant,
  signalId: `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`,
  rimNodeId,
  signalType: 'price-tick',
  source: 'feed',
  payload: { price: 1.08, nested: { ok: true } },
  metadata: { region: 'eu' },
  receivedAt,
  capsuleId: null,
  capsuleStatus: 'PENDING',
  capsuleError: null,
});
const outcome = (tenant: string, actionId: string, rimNodeId: string, completedAt: number): Outcome => ({
  tenant,
  actionId,
  rimNodeId,
  toolId: 'hedge',
  outcomeStatus: 'SUCCESS',
  planId: 'plan-1',
  completedAt,
  receivedAt: completedAt + 1,
});

test('a signal is stored as sent and moves its node to OBSERVED', async () => {
  const s = signal('acme', 'rim:test:store-a', 1_000);
  const state = await store.recordSignal(s);
  assert.equal(state.status, 'OBSERVED');
  assert.deepEqual(await store.findSignal('acme', s.signalId), s);
  const stored = await store.findNodeState('acme', 'rim:test:store-a');
  assert.deepEqual(stored, state);
});

test('another tenant sees neither the signal nor the node', async () => {
  const s = signal('acme', 'rim:test:store-b', 1_000);
  await store.recordSignal(s);
  assert.equal(await store.findSignal('globex', s.signalId), undefined);
  assert.equal(await store.findNodeState('globex', 'rim:test:store-b'), undefined);
  assert.equal(
    (await store.listSignals('globex', { rimNodeId: 'rim:test:store-b', page: 0, limit: 10 })).totalElements,
    0,
  );
});

test('the capsule is recorded on the signal and on the node; an older confirmation does not replace a newer one', async () => {
  const older = signal('acme', 'rim:test:store-c', 1_000);
  const newer = signal('acme', 'rim:test:store-c', 2_000);
  await store.recordSignal(older);
  await store.recordSignal(newer);
  await store.attachCapsule('acme', newer.signalId, 'capsule-new');
  await store.attachCapsule('acme', older.signalId, 'capsule-old');
  assert.equal((await store.findSignal('acme', older.signalId))?.capsuleId, 'capsule-old');
  assert.equal((await store.findSignal('acme', newer.signalId))?.capsuleStatus, 'CREATED');
  assert.equal((await store.findNodeState('acme', 'rim:test:store-c'))?.capsuleId, 'capsule-new');
  await store.attachCapsule('globex', newer.signalId, 'intruder');
  assert.equal(
    (await store.findSignal('acme', newer.signalId))?.capsuleId,
    'capsule-new',
    'a tenant cannot touch another tenant’s signal',
  );
});

test('signals page newest first, per node or for the whole tenant', async () => {
  for (const at of [10_000, 30_000, 20_000])
    await store.recordSignal(signal('paging', 'rim:test:store-d', at));
  await store.recordSignal(signal('paging', 'rim:test:store-other', 25_000));
  const first = await store.listSignals('paging', { rimNodeId: 'rim:test:store-d', page: 0, limit: 2 });
  assert.deepEqual(
    first.content.map((s) => s.receivedAt),
    [30_000, 20_000],
  );
  assert.deepEqual([first.totalElements, first.totalPages, first.number, first.size], [3, 2, 0, 2]);
  const second = await store.listSignals('paging', { rimNodeId: 'rim:test:store-d', page: 1, limit: 2 });
  assert.deepEqual(
    second.content.map((s) => s.receivedAt),
    [10_000],
  );
  const all = await store.listSignals('paging', { page: 0, limit: 10 });
  assert.deepEqual(
    all.content.map((s) => s.receivedAt),
    [30_000, 25_000, 20_000, 10_000],
  );
});

test('pending signals are listed until their capsule is created or refused', async () => {
  const a = signal('pending', 'rim:test:store-e', 1);
  const b = signal('pending', 'rim:test:store-e', 2);
  const c = signal('pending', 'rim:test:store-e', 3);
  for (const s of [a, b, c]) await store.recordSignal(s);
  await store.attachCapsule('pending', a.signalId, 'cap-a');
  await store.rejectCapsule('pending', b.signalId, 'CAPSULE answered 400');
  const pending = (await store.pendingSignals(1000)).filter((s) => s.tenant === 'pending');
  assert.deepEqual(
    pending.map((s) => s.signalId),
    [c.signalId],
  );
  const refused = await store.findSignal('pending', b.signalId);
  assert.equal(refused?.capsuleStatus, 'REJECTED');
  assert.equal(refused?.capsuleError, 'CAPSULE answered 400');
});

test('an outcome is recorded once per (tenant, actionId) and makes the node ACTIVE', async () => {
  await store.recordSignal(signal('acme', 'rim:test:store-f', 1_000));
  assert.deepEqual(await store.recordOutcome(outcome('acme', 'act-1', 'rim:test:store-f', 2_000)), {
    duplicate: false,
  });
  const state = await store.findNodeState('acme', 'rim:test:store-f');
  assert.equal(state?.status, 'ACTIVE');
  assert.equal(state?.lastOutcome?.actionId, 'act-1');
  const replay = await store.recordOutcome(outcome('acme', 'act-1', 'rim:test:store-f', 2_000));
  assert.equal(replay.duplicate, true);
  if (replay.duplicate)
    assert.deepEqual(replay.existing, outcome('acme', 'act-1', 'rim:test:store-f', 2_000));
  assert.deepEqual(
    await store.recordOutcome(outcome('globex', 'act-1', 'rim:test:store-f', 2_000)),
    { duplicate: false },
    'another tenant’s action of the same id is its own',
  );
});

test('an outcome for a node never signalled creates it', async () => {
  await store.recordOutcome(outcome('acme', 'act-2', 'rim:test:store-g', 5_000));
  const state = await store.findNodeState('acme', 'rim:test:store-g');
  assert.equal(state?.status, 'ACTIVE');
  assert.equal(state?.lastSignalAt, null);
});
