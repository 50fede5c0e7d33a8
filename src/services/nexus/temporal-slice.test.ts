import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { systemClock } from '../../kit/time/index.ts';
import type { PeerResponse } from '../../resilience/peer/index.ts';
import { InProcessSliceCache, type SliceCache, type SliceSource } from './cache/index.ts';
import { TemporalSlicer, type SliceRequest } from './temporal-slice.ts';

const ENTITY = 'rim:entity:finance:EURUSD';
const NOW = Date.parse('2030-01-01T12:00:00Z');

/** Answers as the four services would for an entity with two capsules. */
function healthyAnswers(): Record<SliceSource, (path: string) => PeerResponse> {
  const ok = (body: unknown): PeerResponse => ({ status: 200, body, headers: new Headers() });
  return {
    perception: () =>
      ok({
        rimNodeId: ENTITY,
        status: 'OBSERVED',
        capsuleId: 'c2',
        lastSignalAt: '2030-01-01T11:30:00.000Z',
        lastOutcome: null,
      }),
    capsule: () =>
      ok({
        content: [{ capsuleId: 'c2' }, { capsuleId: 'c1' }],
        totalElements: 2,
        totalPages: 1,
        number: 0,
        size: 100,
      }),
    odyssey: () =>
      ok({
        entityId: ENTITY,
        observationCount: 2,
        firstObservedAt: '2030-01-01T11:00:00.000Z',
        lastObservedAt: '2030-01-01T11:30:00.000Z',
        latestCapsuleId: 'c2',
      }),
    plato: () =>
      ok({
        content: [
          { id: 'p1', status: 'PENDING' },
          { id: 'p2', status: 'COMPLETED' },
          { id: 'p3', status: 'EXECUTING' },
        ],
        totalElements: 3,
      }),
  };
}

/** A fake peer per source: answers from `answers`, or throws as the peer client does when it is down. */
function fakePeers(answers: Record<SliceSource, (path: string) => PeerResponse>, down: Set<SliceSource>) {
  const calls: { source: SliceSource; path: string }[] = [];
  const peer = (source: SliceSource) => ({
    get: async <T>(path: string): Promise<PeerResponse<T>> => {
      calls.push({ source, path });
      if (down.has(source)) throw new UpstreamUnavailableError(source, 'circuit open');
      return answers[source](path) as PeerResponse<T>;
    },
  });
  return { peer, calls };
}

const request = (overrides: Partial<SliceRequest> = {}): SliceRequest => ({
  tenant: 'acme',
  entityId: ENTITY,
  lookbackMs: 86_400_000,
  lookaheadMs: 3_600_000,
  allowStaleData: false,
  callContext: {
    tenant: 'acme',
    correlationId: 'c',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  },
  ...overrides,
});

function setup(t: TestContext, cache?: SliceCache) {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const down = new Set<SliceSource>();
  const fakes = fakePeers(healthyAnswers(), down);
  const slicer = new TemporalSlicer({
    peer: fakes.peer,
    cache:
      cache ??
      new InProcessSliceCache({ clock: systemClock, ttlMs: 1000, retentionMs: 60_000, maxEntries: 100 }),
    clock: systemClock,
  });
  return { slicer, down, calls: fakes.calls };
}

test('fuses the four sources live: past capsules, present state and entity, future pending/executing plans', async (t) => {
  const { slicer, calls } = setup(t);
  const { slice, partial, stale } = await slicer.slice(request());
  assert.equal(partial, false);
  assert.equal(stale, false);
  assert.equal(slice.degraded, false);
  assert.equal(slice.coherenceScore, 1);
  assert.deepEqual(slice.timeframe, { from: '2029-12-31T12:00:00.000Z', to: '2030-01-01T13:00:00.000Z' });
  assert.deepEqual(
    slice.past!.capsules.map((c) => (c as { capsuleId: string }).capsuleId),
    ['c2', 'c1'],
  );
  assert.equal(slice.present.perception!.capsuleId, 'c2');
  assert.equal(slice.present.entity!.observationCount, 2);
  assert.deepEqual(
    slice.future!.plans.map((p) => (p as { id: string }).id),
    ['p1', 'p3'],
  );
  for (const source of ['perception', 'capsule', 'odyssey', 'plato'] as const) {
    assert.deepEqual(slice.sources[source], {
      status: 'UP',
      source: 'LIVE',
      cacheAgeSeconds: 0,
      stale: false,
    });
  }
  const history = calls.find((call) => call.source === 'capsule')!.path;
  const url = new URL(history, 'http://capsule');
  assert.equal(url.pathname, '/api/v1/history');
  assert.equal(url.searchParams.get('scopeId'), ENTITY);
  assert.equal(url.searchParams.get('from'), '2029-12-31T12:00:00.000Z');
  assert.equal(url.searchParams.get('to'), '2030-01-01T13:00:00.000Z');
  assert.equal(
    calls.find((call) => call.source === 'odyssey')!.path,
    '/api/v1/entities/rim%3Aentity%3Afinance%3AEURUSD/state',
  );
});

test('a fresh cached view is served without a call; after the TTL the source is asked again', async (t) => {
  const { slicer, calls } = setup(t);
  await slicer.slice(request());
  assert.equal(calls.length, 4);
  t.mock.timers.tick(500);
  const second = await slicer.slice(request());
  assert.equal(calls.length, 4, 'no call within the TTL');
  assert.deepEqual(second.slice.sources.capsule, {
    status: 'UP',
    source: 'CACHE',
    cacheAgeSeconds: 0.5,
    stale: false,
  });
  assert.equal(second.slice.degraded, false, 'a fresh cached view is not degraded');
  t.mock.timers.tick(600);
  const third = await slicer.slice(request());
  assert.equal(calls.length, 8);
  assert.equal(third.slice.sources.capsule.source, 'LIVE');
});

test('an unavailable source with nothing cached makes the slice partial, with what the others said', async (t) => {
  const { slicer, down } = setup(t);
  down.add('capsule');
  const { slice, partial } = await slicer.slice(request({ allowStaleData: true }));
  assert.equal(partial, true);
  assert.equal(slice.degraded, true);
  assert.equal(slice.sources.capsule.status, 'UNAVAILABLE');
  assert.equal(slice.sources.capsule.cacheAgeSeconds, null);
  assert.match(slice.sources.capsule.reason ?? '', /circuit open/);
  assert.equal(slice.past, null);
  assert.equal(slice.sources.odyssey.status, 'UP');
  assert.equal(slice.coherenceScore, 0.75);
});

test('with allowStaleData a stale view stands in for an unavailable source; without it the source is unavailable', async (t) => {
  const { slicer, down } = setup(t);
  await slicer.slice(request());
  t.mock.timers.tick(5000);
  down.add('capsule');
  const strict = await slicer.slice(request({ allowStaleData: false }));
  assert.equal(strict.partial, true);
  assert.equal(strict.slice.sources.capsule.status, 'UNAVAILABLE');

  const lenient = await slicer.slice(request({ allowStaleData: true }));
  assert.equal(lenient.partial, false);
  assert.equal(lenient.stale, true);
  assert.equal(lenient.slice.degraded, true);
  assert.deepEqual(lenient.slice.sources.capsule, {
    status: 'UP',
    source: 'CACHE',
    cacheAgeSeconds: 5,
    stale: true,
  });
  assert.equal(lenient.slice.past!.totalCapsules, 2);
  assert.equal(lenient.slice.sources.perception.stale, false, 'only the unavailable source is stale');
});

test('a 404 BFY_ERR_NOT_FOUND from PERCEPTION or ODYSSEY is a definite answer, not an outage', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const answers = healthyAnswers();
  const notFound = (): PeerResponse => ({
    status: 404,
    body: { error: { code: 'BFY_ERR_NOT_FOUND', message: 'x' } },
    headers: new Headers(),
  });
  answers.perception = notFound;
  answers.odyssey = notFound;
  answers.capsule = () => ({ status: 200, body: { content: [], totalElements: 0 }, headers: new Headers() });
  const slicer = new TemporalSlicer({
    peer: fakePeers(answers, new Set()).peer,
    cache: new InProcessSliceCache({ clock: systemClock, ttlMs: 1000, retentionMs: 60_000, maxEntries: 100 }),
    clock: systemClock,
  });
  const { slice, partial } = await slicer.slice(request());
  assert.equal(partial, false);
  assert.equal(slice.sources.perception.status, 'NOT_FOUND');
  assert.equal(slice.sources.odyssey.status, 'NOT_FOUND');
  assert.equal(slice.present.perception, null);
  assert.equal(slice.coherenceScore, 1);
});

test('a route missing on a peer (BFY_ERR_ROUTE_NOT_FOUND) is an outage, not an absent entity', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const answers = healthyAnswers();
  answers.odyssey = () => ({
    status: 404,
    body: { error: { code: 'BFY_ERR_ROUTE_NOT_FOUND', message: 'x' } },
    headers: new Headers(),
  });
  const slicer = new TemporalSlicer({
    peer: fakePeers(answers, new Set()).peer,
    cache: new InProcessSliceCache({ clock: systemClock, ttlMs: 1000, retentionMs: 60_000, maxEntries: 100 }),
    clock: systemClock,
  });
  const { slice, partial } = await slicer.slice(request());
  assert.equal(partial, true);
  assert.equal(slice.sources.odyssey.status, 'UNAVAILABLE');
  assert.equal(slice.sources.odyssey.reason, 'answered 404');
});

test('a failing cache is a miss: the slice is built live and the failures are reported', async (t) => {
  const failures: string[] = [];
  const broken: SliceCache = {
    get: () => Promise.reject(new Error('redis down')),
    set: () => Promise.reject(new Error('redis down')),
    describe: async () => ({}),
  };
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const slicer = new TemporalSlicer({
    peer: fakePeers(healthyAnswers(), new Set()).peer,
    cache: broken,
    clock: systemClock,
    onCacheError: (operation) => failures.push(operation),
  });
  const { slice, partial } = await slicer.slice(request());
  assert.equal(partial, false);
  assert.equal(slice.sources.capsule.source, 'LIVE');
  assert.equal(failures.filter((op) => op === 'get').length, 4);
  assert.equal(failures.filter((op) => op === 'set').length, 4);
});

test('views are cached per tenant: another tenant never gets them', async (t) => {
  const { slicer, calls } = setup(t);
  await slicer.slice(request({ tenant: 'acme' }));
  const other = await slicer.slice(request({ tenant: 'globex' }));
  assert.equal(calls.length, 8);
  assert.equal(other.slice.sources.capsule.source, 'LIVE');
});
