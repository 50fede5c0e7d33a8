import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyRecorder } from './latency-recorder.ts';
import { compileLoadPlan } from './load-plan.ts';
import { loadReport, renderLoadReport } from './load-report.ts';

const plan = compileLoadPlan({ rate: '10', duration: '10s' }, Date.UTC(2026, 0, 1));
const schedule = { due: 100, started: 100, late: 2, shed: 0, firstAt: 0, endedAt: 10_000 };
const clean = { acknowledged: 0, lost: [], duplicated: [], unexpected: [] };

function recorder(errors: number): LatencyRecorder {
  const recording = new LatencyRecorder();
  for (let i = 0; i < 100; i += 1) {
    const result = i < errors ? '503' : i % 10 === 0 ? 'ok:queued' : 'ok';
    recording.record({ operation: 'write', result, latencyMs: i + 1, serviceMs: 1 });
  }
  return recording;
}

test('a queued write is acknowledged, not an error; percentiles come from the histogram', () => {
  const report = loadReport(plan, schedule, recorder(0), { ...clean, acknowledged: 100 });
  assert.equal(report.errors, 0);
  assert.equal(report.passed, true);
  assert.deepEqual(report.operations.write.results, { 'ok:queued': 10, ok: 90 });
  assert.equal(report.operations.write.latencyMs.count, 100);
  assert.ok(Math.abs(report.operations.write.latencyMs.p50 - 50) < 0.1);
  assert.ok(Math.abs(report.operations.write.latencyMs.p99 - 99) < 0.1);
  assert.equal(report.schedule.achievedRatePerSecond, 10);
  assert.match(
    renderLoadReport(report),
    /ledger {5}100 acknowledged: 0 lost, 0 duplicated, 0 unexpected\nload PASSED\n$/,
  );
});

test('the run fails on one lost or doubled write, or on errors over 1 %, and says which', () => {
  assert.equal(loadReport(plan, schedule, recorder(1), clean).passed, true);
  const errors = loadReport(plan, schedule, recorder(2), clean);
  assert.deepEqual(errors.reasons, ['error rate 2.00% over 1.00%']);
  const lost = loadReport(plan, schedule, recorder(0), { ...clean, lost: ['a'], duplicated: ['key k'] });
  assert.deepEqual(lost.reasons, ['1 acknowledged writes lost', '1 writes duplicated']);
  assert.match(
    renderLoadReport(lost),
    /lost: a\n {4}duplicated: key k\nload FAILED: 1 acknowledged writes lost; 1 writes duplicated\n$/,
  );
});

test("the live line's errors leave acknowledged (queued) writes out", () => {
  const recording = new LatencyRecorder();
  for (const result of ['ok', 'ok:queued', '503', 'timeout', '503'])
    recording.record({ operation: 'write', result, latencyMs: 1, serviceMs: 1 });
  const window = recording.takeWindow();
  assert.deepEqual(window.errors, { '503': 2, timeout: 1 });
  assert.equal(window.completed, 5);
  assert.deepEqual(recording.takeWindow().errors, {});
});
