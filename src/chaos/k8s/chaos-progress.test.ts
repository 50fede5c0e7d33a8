import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, watchEvents } from '../../../test/fixtures/k8s/fake-kube-api.ts';
import { ChaosProgress } from './chaos-progress.ts';
import type { KubeObject, ProgressEvent } from './kube-object.ts';

function objectsOf(stream: string): KubeObject[] {
  return watchEvents(stream).map((e) => (e as { object: KubeObject }).object);
}

function feed(progress: ChaosProgress, objects: readonly KubeObject[]): ProgressEvent[] {
  return objects.flatMap((o) => progress.observe(o));
}

/** A seeded shuffle (mulberry32), so a failure names the seed that produced it. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const LIFECYCLE = 'networkchaos/watch-partition-lifecycle.jsonl';

test('a partition goes selected → injected → recovered, each reported once', () => {
  const progress = new ChaosProgress('capsule-odyssey-partition');
  const events = feed(progress, [fixture('networkchaos/created.json'), ...objectsOf(LIFECYCLE)]);
  assert.deepEqual(events, [
    {
      kind: 'info',
      step: 'capsule-odyssey-partition',
      detail:
        'selected 2 targets (butterfly/capsule-5d8c7b9f4-qx2lm, butterfly/odyssey-core-7f6b8d5c9-h4k7p)',
    },
    {
      kind: 'fault-injected',
      step: 'capsule-odyssey-partition',
      detail:
        'injected into 2 targets (butterfly/capsule-5d8c7b9f4-qx2lm, butterfly/odyssey-core-7f6b8d5c9-h4k7p)',
    },
    {
      kind: 'fault-removed',
      step: 'capsule-odyssey-partition',
      detail:
        'recovered 2 targets (butterfly/capsule-5d8c7b9f4-qx2lm, butterfly/odyssey-core-7f6b8d5c9-h4k7p)',
    },
  ]);
  assert.equal(progress.finished, true);
  assert.equal(progress.faultActive, false);
});

test('the vacuous AllInjected of a chaos with no records yet is not an injection', () => {
  const progress = new ChaosProgress('p');
  const [, vacuous] = objectsOf(LIFECYCLE);
  assert.deepEqual(progress.observe(vacuous!), []);
  assert.equal(progress.faultActive, false);
  assert.equal(progress.finished, false);
});

test('the same stream with its conditions in any order gives the same events', () => {
  const objects = objectsOf(LIFECYCLE);
  const expected = feed(new ChaosProgress('p'), objects);
  for (let seed = 1; seed <= 200; seed++) {
    const reordered = objects.map((object, i) => {
      const status = object.status as { conditions?: unknown[] } | undefined;
      if (!status?.conditions) return object;
      return { ...object, status: { ...status, conditions: shuffled(status.conditions, seed * 31 + i) } };
    });
    assert.deepEqual(feed(new ChaosProgress('p'), reordered), expected, `seed ${seed}`);
  }
});

test('injected but still running: the fault is active and the chaos not finished', () => {
  const progress = new ChaosProgress('p');
  const events = feed(progress, objectsOf('networkchaos/watch-partition-injected.jsonl'));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['info', 'fault-injected'],
  );
  assert.equal(progress.faultActive, true);
  assert.equal(progress.finished, false);
});

test('a one-shot pod-kill seen only after the fact is injected and removed in the same update', () => {
  const progress = new ChaosProgress('cassandra-node-failure');
  const events = feed(progress, objectsOf('podchaos/watch-pod-kill.jsonl'));
  assert.deepEqual(
    events.map((e) => [e.kind, e.detail]),
    [
      ['info', 'selected 1 target (butterfly/cassandra-1)'],
      ['fault-injected', 'injected into 1 target (butterfly/cassandra-1)'],
      ['fault-removed', 'recovered 1 target (butterfly/cassandra-1)'],
    ],
  );
  assert.equal(progress.finished, true);
});

test('pause and resume are reported, and a failed apply is reported once with its message', () => {
  const progress = new ChaosProgress('p');
  const base = objectsOf(LIFECYCLE)[3]!;
  const withStatus = (paused: string, failed: boolean): KubeObject => {
    const status = structuredClone(base.status) as {
      conditions: { type: string; status: string }[];
      experiment: { containerRecords: { events?: unknown[] }[] };
    };
    status.conditions = status.conditions.map((c) => (c.type === 'Paused' ? { ...c, status: paused } : c));
    if (failed) {
      status.experiment.containerRecords[0]!.events!.push({
        type: 'Failed',
        operation: 'Apply',
        message: 'rpc error: code = Unknown desc = ipset: permission denied',
        timestamp: '2025-01-02T03:04:30Z',
      });
    }
    return { ...base, status };
  };
  feed(progress, [withStatus('False', false)]);
  const events = feed(progress, [
    withStatus('True', true),
    withStatus('True', true),
    withStatus('False', true),
  ]);
  assert.deepEqual(
    events.map((e) => e.detail),
    [
      'paused',
      'Apply failed on butterfly/capsule-5d8c7b9f4-qx2lm: rpc error: code = Unknown desc = ipset: permission denied',
      'resumed',
    ],
  );
});

test('a status the controller has not written yet, or garbage, yields nothing', () => {
  const progress = new ChaosProgress('p');
  assert.deepEqual(progress.observe({ metadata: { name: 'x' } }), []);
  assert.deepEqual(progress.observe({ status: { conditions: 'nope', experiment: 7 } }), []);
});
