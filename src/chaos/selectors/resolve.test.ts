import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodSelector } from './pod-selector.ts';
import { matchingPods, resolveSelector, selectedCount, type SelectablePod } from './resolve.ts';

type ChaosPod = SelectablePod & { address: string };

const pod = (name: string, labels: Record<string, string>, namespace = 'butterfly'): ChaosPod => ({
  name,
  namespace,
  labels,
  address: `127.0.9.${name.length}`,
});

const PODS: ChaosPod[] = [
  pod('cassandra-0', { app: 'cassandra' }),
  pod('cassandra-1', { app: 'cassandra' }),
  pod('cassandra-2', { app: 'cassandra' }),
  pod('postgres-0', { app: 'postgres', role: 'primary' }),
  pod('postgres-1', { app: 'postgres', role: 'replica' }),
  pod('capsule-service', { app: 'capsule' }),
  pod('capsule-service', { app: 'capsule' }, 'staging'),
];

function selector(overrides: Partial<PodSelector>): PodSelector {
  return { namespaces: [], labelSelectors: {}, fieldSelectors: {}, pods: {}, mode: 'all', ...overrides };
}

/** A random source that replays `values`, for picks that can be asserted. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

const names = (pods: ChaosPod[]): string[] => pods.map((chosen) => chosen.name);

test('labels must all match; live role labels narrow to the primary', () => {
  assert.deepEqual(names(resolveSelector(selector({ labelSelectors: { app: 'cassandra' } }), PODS)), [
    'cassandra-0',
    'cassandra-1',
    'cassandra-2',
  ]);
  assert.deepEqual(
    names(resolveSelector(selector({ labelSelectors: { app: 'postgres', role: 'primary' } }), PODS)),
    ['postgres-0'],
  );
  assert.deepEqual(
    resolveSelector(selector({ labelSelectors: { app: 'postgres', role: 'leader' } }), PODS),
    [],
  );
});

test('namespaces restrict; empty means any', () => {
  assert.equal(resolveSelector(selector({ labelSelectors: { app: 'capsule' } }), PODS).length, 2);
  const staging = resolveSelector(
    selector({ namespaces: ['staging'], labelSelectors: { app: 'capsule' } }),
    PODS,
  );
  assert.deepEqual(
    staging.map((chosen) => chosen.namespace),
    ['staging'],
  );
});

test('fieldSelectors match metadata.name and metadata.namespace', () => {
  assert.deepEqual(
    names(
      resolveSelector(
        selector({
          labelSelectors: { app: 'cassandra' },
          fieldSelectors: { 'metadata.name': 'cassandra-1' },
        }),
        PODS,
      ),
    ),
    ['cassandra-1'],
  );
  assert.equal(
    resolveSelector(selector({ fieldSelectors: { 'metadata.namespace': 'staging' } }), PODS).length,
    1,
  );
  assert.deepEqual(resolveSelector(selector({ fieldSelectors: { 'status.phase': 'Running' } }), PODS), []);
});

test('a pods map names pods per namespace and wins over the other selectors, as in Chaos Mesh', () => {
  const chosen = resolveSelector(
    selector({
      pods: { butterfly: ['cassandra-1', 'cassandra-2', 'nope'] },
      labelSelectors: { app: 'redis' },
    }),
    PODS,
  );
  assert.deepEqual(names(chosen), ['cassandra-1', 'cassandra-2']);
  assert.deepEqual(resolveSelector(selector({ pods: { staging: ['cassandra-1'] } }), PODS), []);
});

test('mode one picks one with the injected random source', () => {
  const cassandra = { labelSelectors: { app: 'cassandra' } };
  assert.deepEqual(names(resolveSelector(selector({ ...cassandra, mode: 'one' }), PODS, sequence(0))), [
    'cassandra-0',
  ]);
  assert.deepEqual(names(resolveSelector(selector({ ...cassandra, mode: 'one' }), PODS, sequence(0.99))), [
    'cassandra-2',
  ]);
  assert.deepEqual(names(resolveSelector(selector({ ...cassandra, mode: 'one' }), PODS, sequence(0.5))), [
    'cassandra-1',
  ]);
  assert.deepEqual(resolveSelector(selector({ labelSelectors: { app: 'none' }, mode: 'one' }), PODS), []);
});

test('fixed picks value pods, at most all of them', () => {
  const cassandra = { labelSelectors: { app: 'cassandra' }, mode: 'fixed' as const };
  const two = resolveSelector(selector({ ...cassandra, value: '2' }), PODS, sequence(0.99, 0));
  assert.deepEqual(names(two), ['cassandra-2', 'cassandra-1']);
  assert.equal(resolveSelector(selector({ ...cassandra, value: '7' }), PODS).length, 3);
});

test('fixed-percent floors the share; random-max-percent draws a share in [0, value]', () => {
  assert.equal(selectedCount({ mode: 'fixed-percent', value: '50' }, 3, Math.random), 1);
  assert.equal(selectedCount({ mode: 'fixed-percent', value: '100' }, 3, Math.random), 3);
  assert.equal(selectedCount({ mode: 'fixed-percent', value: '10' }, 3, Math.random), 0);
  // value 100: the drawn percentage is floor(r × 101): 0 → 0 %, 0.999 → 100 %.
  assert.equal(
    selectedCount({ mode: 'random-max-percent', value: '100' }, 4, () => 0),
    0,
  );
  assert.equal(
    selectedCount({ mode: 'random-max-percent', value: '100' }, 4, () => 0.999),
    4,
  );
  assert.equal(
    selectedCount({ mode: 'random-max-percent', value: '50' }, 4, () => 0.999),
    2,
  );
  const chosen = resolveSelector(
    selector({ labelSelectors: { app: 'cassandra' }, mode: 'random-max-percent', value: '100' }),
    PODS,
    sequence(0.999, 0),
  );
  assert.equal(chosen.length, 3);
});

test('matchingPods ignores the mode', () => {
  assert.equal(matchingPods(selector({ labelSelectors: { app: 'cassandra' }, mode: 'one' }), PODS).length, 3);
});
