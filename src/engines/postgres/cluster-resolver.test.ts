import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../kit/time/index.ts';
import { ClusterResolver } from './cluster-resolver.ts';
import type { ClusterView } from './patroni-cluster.ts';

const member = (name: string, last: number) => ({ name, host: `127.0.3.${last}`, port: 5432 });

/** A view with `leader` leading and the other member a readable replica. */
function view(leader: 'postgres-0' | 'postgres-1' | null): ClusterView {
  const replica = leader === 'postgres-0' ? member('postgres-1', 2) : member('postgres-0', 1);
  return {
    leader:
      leader === null ? null : leader === 'postgres-0' ? member('postgres-0', 1) : member('postgres-1', 2),
    replicas: [{ ...replica, role: 'replica', state: 'running', lagBytes: 0, readable: true }],
    others: [],
    source: 'http://127.0.3.1:8008',
  };
}

/** A Patroni that answers the queued views in order, counting questions. */
function patroni(...answers: (ClusterView | Error)[]) {
  const state = { asked: 0 };
  const fetch = async () => {
    state.asked += 1;
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (next instanceof Error) throw next;
    return next;
  };
  return { state, fetch };
}

test('re-resolution is rate limited: within the interval the current view answers without asking Patroni', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const { state, fetch } = patroni(view('postgres-0'), view('postgres-1'), view('postgres-0'));
  const resolver = new ClusterResolver({ fetch, clock: systemClock, minIntervalMs: 500, maxAgeMs: 10_000 });
  await resolver.resolveNow();
  assert.equal(state.asked, 1);
  assert.equal((await resolver.reresolve())?.leader?.name, 'postgres-0', 'asked at t=0: too soon');
  t.mock.timers.tick(499);
  await resolver.reresolve();
  assert.equal(state.asked, 1);
  t.mock.timers.tick(1);
  assert.equal(
    (await resolver.reresolve())?.leader?.name,
    'postgres-1',
    'the interval passed: Patroni is asked',
  );
  assert.equal(state.asked, 2);
  assert.equal((await resolver.reresolve())?.leader?.name, 'postgres-1');
  assert.equal(state.asked, 2);
});

test('concurrent re-resolutions share one question', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000 });
  let release: (value: ClusterView) => void = () => undefined;
  let asked = 0;
  const resolver = new ClusterResolver({
    fetch: () => {
      asked += 1;
      return new Promise<ClusterView>((resolve) => (release = resolve));
    },
    clock: systemClock,
    minIntervalMs: 500,
    maxAgeMs: 10_000,
  });
  const answers = Promise.all([resolver.reresolve(), resolver.reresolve(), resolver.reresolve()]);
  release(view('postgres-1'));
  const views = await answers;
  assert.equal(asked, 1);
  assert.deepEqual(
    views.map((answer) => answer?.leader?.name),
    ['postgres-1', 'postgres-1', 'postgres-1'],
  );
});

test('when Patroni does not answer the last view stands and the reason is kept', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const errors: unknown[] = [];
  const { fetch } = patroni(view('postgres-0'), new Error('no Patroni member answered'));
  const resolver = new ClusterResolver({
    fetch,
    clock: systemClock,
    minIntervalMs: 500,
    maxAgeMs: 10_000,
    onError: (error) => errors.push(error),
  });
  await resolver.resolveNow();
  t.mock.timers.tick(500);
  assert.equal((await resolver.reresolve())?.leader?.name, 'postgres-0');
  assert.equal(errors.length, 1);
  assert.match((resolver.lastError as Error).message, /no Patroni member answered/);
  await assert.rejects(resolver.resolveNow(), /no Patroni member answered/, 'an explicit question does fail');
});

test('a view older than maxAge is refreshed in the background; changes in routing are announced once', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const changes: string[] = [];
  const { state, fetch } = patroni(view('postgres-0'), view('postgres-0'), view('postgres-1'));
  const resolver = new ClusterResolver({
    fetch,
    clock: systemClock,
    minIntervalMs: 500,
    maxAgeMs: 10_000,
    onChange: (next, previous) =>
      changes.push(`${previous?.leader?.name ?? '-'}→${next.leader?.name ?? '-'}`),
  });
  await resolver.resolveNow();
  resolver.refreshIfStale();
  assert.equal(state.asked, 1, 'fresh view: nothing asked');
  t.mock.timers.tick(10_000);
  resolver.refreshIfStale();
  await resolver.reresolve(); // joins the background question
  assert.equal(state.asked, 2);
  assert.deepEqual(changes, ['-→postgres-0'], 'the same routing again is no change');
  t.mock.timers.tick(10_000);
  resolver.refreshIfStale();
  await resolver.reresolve();
  assert.deepEqual(changes, ['-→postgres-0', 'postgres-0→postgres-1']);
});
