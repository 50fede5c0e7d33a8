import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atWorkloadRate, parseWorkloadRate } from './load-rate.ts';
import { selectExperiments } from './select-experiments.ts';

test('a workload rate is a positive number of writes per second up to the criteria maximum', () => {
  assert.equal(parseWorkloadRate('100'), 100);
  assert.equal(parseWorkloadRate('2.5/s'), 2.5);
  assert.equal(parseWorkloadRate('1000'), 1000);
  for (const bad of ['', '0', '-1', '1001', '100/m', 'fast', '1e2', '100 /s'])
    assert.equal(parseWorkloadRate(bad), undefined, bad);
});

test('--load replaces only the workload rate; an experiment without a workload stays as it is', () => {
  const [experiment] = selectExperiments('cassandra-node-failure/cassandra-node-kill');
  const loaded = atWorkloadRate(experiment!, 80);
  assert.equal(loaded.criteria.workload?.ratePerSecond, 80);
  assert.equal(experiment!.criteria.workload?.ratePerSecond, 5, 'the original is not changed');
  assert.deepEqual({ ...loaded.criteria.workload, ratePerSecond: 5 }, experiment!.criteria.workload);
  const bare = { ...experiment!, criteria: { ...experiment!.criteria, workload: undefined } };
  assert.equal(atWorkloadRate(bare, 80), bare);
});
