import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { CapsuleCache } from './capsule-cache.ts';
import type { CapsuleSource, LatestCapsules } from './capsule-reader.ts';
import type { EntityState, ObservationStore } from './observation-store.ts';
import { ScopeOrchestrator } from './scope-orchestrator.ts';

const SCOPE = 'rim:test:orchestrate';
const call = {
  tenant: 'a',
  correlationId: 'c',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
const entity: EntityState = {
  entityId: SCOPE,
  observationCount: 1,
  firstObservedAt: '2024-05-01T00:00:00.000Z',
  lastObservedAt: '2024-05-01T00:00:00.000Z',
  latestCapsuleId: 'c1',
};

function setup() {
  let answer: () => Promise<LatestCapsules> = async () => ({
    ok: true,
    capsules: [{ capsuleId: 'c1', header: {} }],
  });
  const degraded: string[] = [];
  const clock = new ManualClock(Date.parse('2024-06-01T00:00:00Z'));
  const capsules: CapsuleSource = { latest: () => answer() };
  const observations: Pick<ObservationStore, 'state'> = {
    state: async (tenant, entityId) => (tenant === 'a' && entityId === SCOPE ? entity : undefined),
  };
  const orchestrator = new ScopeOrchestrator({
    capsules,
    cache: new CapsuleCache(),
    observations: observations as ObservationStore,
    clock,
    onDegraded: (reason) => degraded.push(reason),
  });
  return {
    orchestrator,
    degraded,
    advance: (ms: number) => clock.advance(ms),
    answerWith: (next: () => Promise<LatestCapsules>) => (answer = next),
  };
}

const unreachable = async (): Promise<LatestCapsules> => {
  throw new UpstreamUnavailableError('capsule', 'circuit open');
};

test("a live read returns CAPSULE's capsules and the entity state", async () => {
  const { orchestrator, degraded } = setup();
  assert.deepEqual(await orchestrator.read('a', SCOPE, call), {
    scopeId: SCOPE,
    mode: 'READ',
    source: 'LIVE',
    degraded: false,
    capsules: [{ capsuleId: 'c1', header: {} }],
    entity,
    fetchedAt: '2024-06-01T00:00:00.000Z',
  });
  assert.deepEqual(degraded, []);
});

test('an entity ODYSSEY has not observed is null', async () => {
  const { orchestrator } = setup();
  assert.equal((await orchestrator.read('b', SCOPE, call)).entity, null);
});

test('when CAPSULE is unreachable the last live answer is served, flagged and aged', async () => {
  const { orchestrator, degraded, advance, answerWith } = setup();
  await orchestrator.read('a', SCOPE, call);
  await advance(12_500);
  answerWith(unreachable);
  assert.deepEqual(await orchestrator.read('a', SCOPE, call), {
    scopeId: SCOPE,
    mode: 'READ',
    source: 'CACHE',
    degraded: true,
    capsules: [{ capsuleId: 'c1', header: {} }],
    entity,
    fetchedAt: '2024-06-01T00:00:00.000Z',
    cacheAgeSeconds: 12.5,
  });
  assert.deepEqual(degraded, ['capsule-unreachable']);
});

test('with nothing cached for the tenant and scope, the failure stands (503)', async () => {
  const { orchestrator, degraded, answerWith } = setup();
  await orchestrator.read('a', SCOPE, call);
  answerWith(unreachable);
  await assert.rejects(orchestrator.read('b', SCOPE, call), UpstreamUnavailableError);
  await assert.rejects(orchestrator.read('a', 'rim:test:other', call), UpstreamUnavailableError);
  assert.deepEqual(degraded, []);
});

test('an unusable answer from a reachable CAPSULE is a 503, not a stale answer', async () => {
  const { orchestrator, degraded, answerWith } = setup();
  await orchestrator.read('a', SCOPE, call);
  answerWith(async () => ({ ok: false, reason: 'answered 401' }));
  await assert.rejects(
    orchestrator.read('a', SCOPE, call),
    (error: unknown) => error instanceof UpstreamUnavailableError && /401/.test(error.message),
  );
  assert.deepEqual(degraded, []);
});

test('errors that are not about reaching CAPSULE are not hidden behind the cache', async () => {
  const { orchestrator, answerWith } = setup();
  await orchestrator.read('a', SCOPE, call);
  answerWith(async () => {
    throw new TypeError('bug');
  });
  await assert.rejects(orchestrator.read('a', SCOPE, call), TypeError);
});
