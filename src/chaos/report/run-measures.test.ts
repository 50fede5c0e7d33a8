import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLoad, measureRun, measureSuite, percentile } from './run-measures.ts';
import { hostileFailingRun, passingRun, sampleSuite, T0 } from './testing/sample-suite.ts';

test('percentile is nearest-rank and undefined without values', () => {
  assert.equal(percentile([], 50), undefined);
  assert.equal(percentile([5], 99), 5);
  assert.equal(percentile([4, 1, 3, 2], 50), 2);
  assert.equal(
    percentile(
      Array.from({ length: 100 }, (_, i) => i + 1),
      99,
    ),
    99,
  );
  assert.equal(
    percentile(
      Array.from({ length: 100 }, (_, i) => i + 1),
      100,
    ),
    100,
  );
});

test('a run measures detection from injection and recovery from removal', () => {
  const m = measureRun(passingRun());
  assert.equal(m.detectionMs, 2000);
  assert.equal(m.recoveryMs, 4000);
  assert.equal(m.faultWindowMs, 15_000);
  assert.equal(m.durationMs, 30_000);
  assert.equal(m.requests, 300);
  assert.equal(m.errors, 60);
  assert.equal(m.errorRate, 0.2);
  assert.equal(m.p50LatencyMs, 16);
  assert.equal(m.p99LatencyMs, 909);
});

test('the rate held from the fault to recovery counts requests and acknowledged writes started then', () => {
  const m = measureRun(passingRun());
  assert.equal(m.targetRatePerSecond, 10);
  // 190 requests between the injection (5 s) and the recovery (24 s), 60 of them 503s (6 s to 12 s).
  assert.equal(m.faultWindowRatePerSecond, 10);
  assert.equal(m.faultWindowAckRatePerSecond, 130 / 19);
  assert.equal(describeLoad(m), 'target 10/s, held 10/s from the fault to recovery (6.8/s acknowledged)');
  const noWorkload = measureRun({ ...passingRun(), samples: [], workloadRatePerSecond: undefined });
  assert.equal(noWorkload.faultWindowRatePerSecond, undefined);
  assert.equal(describeLoad(noWorkload), undefined);
});

test('a fault never removed has a window up to the run end and no recovery time', () => {
  const m = measureRun(hostileFailingRun());
  assert.equal(m.faultWindowMs, 10_000);
  assert.equal(m.detectionMs, undefined);
  assert.equal(m.recoveryMs, undefined);
  assert.equal(m.errorRate, 0);
});

test('a suite passes only when it ran something and every run passed', () => {
  assert.deepEqual(measureSuite(sampleSuite()), {
    total: 2,
    passed: 1,
    failed: 1,
    result: 'FAIL',
    wallTimeMs: 60_000,
  });
  assert.equal(measureSuite({ id: 'x', startedAt: T0, endedAt: T0, runs: [passingRun()] }).result, 'PASS');
  assert.equal(measureSuite({ id: 'x', startedAt: T0, endedAt: T0, runs: [] }).result, 'FAIL');
});
