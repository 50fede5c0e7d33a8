import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../kit/time/index.ts';
import type { Policy } from './policy.ts';
import { PolicyCache, PolicyCacheExpiredError } from './policy-cache.ts';

const policy = (id: string, condition = 'true'): Policy => ({
  id,
  namespace: 'ns',
  name: id,
  policyType: 'GOVERNANCE',
  rules: [{ ruleId: 'r1', condition, action: 'DENY' }],
  scope: {},
  createdAt: new Date(0).toISOString(),
});

/** A store whose contents and health a test controls, counting loads per tenant. */
function fakeStore(initial: Record<string, Policy[]>) {
  const data = new Map(Object.entries(initial));
  const loads: string[] = [];
  let down = false;
  return {
    data,
    loads,
    setDown(value: boolean) {
      down = value;
    },
    async load(tenant: string): Promise<Policy[]> {
      loads.push(tenant);
      if (down) throw new Error('connection refused');
      return [...(data.get(tenant) ?? [])];
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const ids = (snapshot: { policies: readonly { policy: Policy }[] }) =>
  snapshot.policies.map((p) => p.policy.id);

test('loads a tenant on first use, then serves it from memory, per tenant', async () => {
  const store = fakeStore({ a: [policy('p1')], b: [policy('p2')] });
  const cache = new PolicyCache({ load: (t) => store.load(t), clock: systemClock, refreshIntervalMs: 1000 });
  assert.deepEqual(ids(await cache.policiesFor('a')), ['p1']);
  assert.deepEqual(ids(await cache.policiesFor('a')), ['p1']);
  assert.deepEqual(ids(await cache.policiesFor('b')), ['p2']);
  assert.deepEqual(store.loads, ['a', 'b']);
  assert.deepEqual(cache.stats(), { tenants: 2, stale: 0 });
});

test('concurrent first uses share one load', async () => {
  const store = fakeStore({ a: [policy('p1')] });
  const cache = new PolicyCache({ load: (t) => store.load(t), clock: systemClock, refreshIntervalMs: 1000 });
  await Promise.all([cache.policiesFor('a'), cache.policiesFor('a'), cache.policiesFor('a')]);
  assert.deepEqual(store.loads, ['a']);
});

test('refresh after a write makes the new policy visible at once', async () => {
  const store = fakeStore({ a: [policy('p1')] });
  const cache = new PolicyCache({
    load: (t) => store.load(t),
    clock: systemClock,
    refreshIntervalMs: 60_000,
  });
  await cache.policiesFor('a');
  store.data.set('a', [policy('p1'), policy('p2')]);
  assert.deepEqual(ids(await cache.policiesFor('a')), ['p1'], 'not reloaded by itself');
  await cache.refresh('a');
  assert.deepEqual(ids(await cache.policiesFor('a')), ['p1', 'p2']);
});

test('a stored policy is added to the cached copy without a reload, in load order; unloaded or stale reloads', async () => {
  const at = (id: string, ms: number) => ({ ...policy(id), createdAt: new Date(ms).toISOString() });
  const store = fakeStore({ a: [at('p1', 1000), at('p3', 3000)] });
  const cache = new PolicyCache({
    load: (t) => store.load(t),
    clock: systemClock,
    refreshIntervalMs: 60_000,
  });
  await cache.policiesFor('a');
  await cache.add('a', at('p2', 2000));
  await cache.add('a', at('p4', 4000));
  assert.deepEqual(ids(await cache.policiesFor('a')), ['p1', 'p2', 'p3', 'p4']);
  assert.deepEqual(store.loads, ['a'], 'one load: the adds compiled only the new policies');
  store.data.set('b', [at('q1', 1000)]);
  await cache.add('b', at('q1', 1000));
  assert.deepEqual(ids(await cache.policiesFor('b')), ['q1']);
  assert.deepEqual(store.loads, ['a', 'b'], 'a tenant not loaded yet is loaded (it holds the new policy)');
});

test('the background refresh runs on the injected clock and picks up changes made elsewhere', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const store = fakeStore({ a: [policy('p1')] });
  const cache = new PolicyCache({
    load: (tenant) => store.load(tenant),
    clock: systemClock,
    refreshIntervalMs: 1000,
  });
  await cache.policiesFor('a');
  cache.start();
  store.data.set('a', [policy('p2')]);
  t.mock.timers.tick(999);
  await settle();
  assert.deepEqual(ids(await cache.policiesFor('a')), ['p1']);
  t.mock.timers.tick(1);
  await settle();
  assert.deepEqual(ids(await cache.policiesFor('a')), ['p2']);
  assert.equal((await cache.policiesFor('a')).ageMs, 0);
  t.mock.timers.tick(400);
  assert.equal((await cache.policiesFor('a')).ageMs, 400);
  t.mock.timers.tick(600);
  await settle();
  assert.deepEqual(store.loads, ['a', 'a', 'a'], 'refreshes keep coming every interval');
  await cache.stop();
  t.mock.timers.tick(5000);
  await settle();
  assert.equal(store.loads.length, 3, 'no refresh after stop');
});

test('when the store fails, the stale copy keeps serving as CACHE with its age, and LIVE again after recovery', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 10_000 });
  const problems: string[] = [];
  const store = fakeStore({ a: [policy('p1')] });
  const cache = new PolicyCache({
    load: (tenant) => store.load(tenant),
    clock: systemClock,
    refreshIntervalMs: 1000,
    onProblem: (problem) => problems.push(`${problem.tenant}: ${problem.message}`),
  });
  assert.equal((await cache.policiesFor('a')).source, 'LIVE');
  cache.start();
  store.setDown(true);
  t.mock.timers.tick(1000);
  await settle();
  const stale = await cache.policiesFor('a');
  assert.equal(stale.source, 'CACHE');
  assert.equal(stale.ageMs, 1000);
  assert.deepEqual(ids(stale), ['p1']);
  assert.equal(problems.length, 1);
  assert.deepEqual(cache.stats(), { tenants: 1, stale: 1 });
  await assert.rejects(cache.refresh('a'), /connection refused/);
  t.mock.timers.tick(1000);
  await settle();
  assert.equal((await cache.policiesFor('a')).ageMs, 2000);
  store.setDown(false);
  t.mock.timers.tick(1000);
  await settle();
  const recovered = await cache.policiesFor('a');
  assert.equal(recovered.source, 'LIVE');
  assert.equal(recovered.ageMs, 0);
  await cache.stop();
});

test('a tenant never loaded cannot be served while the store is down', async () => {
  const store = fakeStore({});
  store.setDown(true);
  const cache = new PolicyCache({ load: (t) => store.load(t), clock: systemClock, refreshIntervalMs: 1000 });
  await assert.rejects(cache.policiesFor('a'), /connection refused/);
  store.setDown(false);
  assert.deepEqual(ids(await cache.policiesFor('a')), []);
});

test('a slow older load finishing after a newer one does not overwrite it', async () => {
  const releases: (() => void)[] = [];
  let version = 0;
  const cache = new PolicyCache({
    clock: systemClock,
    refreshIntervalMs: 1000,
    load: async () => {
      version += 1;
      const mine = version;
      await new Promise<void>((resolve) => releases.push(resolve));
      return [policy(`v${mine}`)];
    },
  });
  const older = cache.refresh('a');
  const newer = cache.refresh('a');
  releases[1]!();
  await newer;
  releases[0]!();
  await older;
  assert.deepEqual(ids(await cache.policiesFor('a')), ['v2']);
});

test('a stored rule that no longer parses is reported and set aside', async () => {
  const problems: string[] = [];
  const store = fakeStore({ a: [policy('p1', 'action.type ===')] });
  const cache = new PolicyCache({
    load: (t) => store.load(t),
    clock: systemClock,
    refreshIntervalMs: 1000,
    onProblem: (p) => problems.push(p.message),
  });
  const snapshot = await cache.policiesFor('a');
  assert.equal(snapshot.policies[0]?.rules.length, 0);
  assert.match(problems[0] ?? '', /rule 'r1' does not parse/);
});

test('a stale copy serves only up to the staleness bound; then evaluations are refused, and LIVE again on recovery', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 10_000 });
  const store = fakeStore({ a: [policy('p1')] });
  const cache = new PolicyCache({
    load: (tenant) => store.load(tenant),
    clock: systemClock,
    refreshIntervalMs: 1000,
    maxStalenessMs: 2500,
  });
  await cache.policiesFor('a');
  cache.start();
  store.setDown(true);
  t.mock.timers.tick(2000);
  await settle();
  assert.equal((await cache.policiesFor('a')).source, 'CACHE');
  t.mock.timers.tick(1000);
  await settle();
  await assert.rejects(cache.policiesFor('a'), (error: unknown) => error instanceof PolicyCacheExpiredError);
  store.setDown(false);
  t.mock.timers.tick(1000);
  await settle();
  assert.equal((await cache.policiesFor('a')).source, 'LIVE');
  await cache.stop();
});

test('warm loads the given tenants up front, so a store outage right after start is served from cache', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const store = fakeStore({ a: [policy('p1')], b: [policy('p2')] });
  const cache = new PolicyCache({
    load: (tenant) => store.load(tenant),
    clock: systemClock,
    refreshIntervalMs: 1000,
  });
  assert.equal(await cache.warm(['a', 'b']), 2);
  cache.start();
  store.setDown(true);
  t.mock.timers.tick(1000);
  await settle();
  const served = await cache.policiesFor('b');
  assert.equal(served.source, 'CACHE');
  assert.deepEqual(ids(served), ['p2']);
  assert.equal(await cache.warm(['c']), 0, 'a tenant that cannot load is reported, not thrown');
  await cache.stop();
});
