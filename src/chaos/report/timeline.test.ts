import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineOf } from './timeline.ts';
import { T0 } from './testing/sample-suite.ts';

test('samples are bucketed per second with counts, errors and latency percentiles', () => {
  const timeline = timelineOf(
    [
      { at: T0 + 100, ok: true, status: 200, latencyMs: 10 },
      { at: T0 + 900, ok: false, status: 503, latencyMs: 30 },
      { at: T0 + 2500, ok: true, status: 200, latencyMs: 5 },
    ],
    T0,
    T0 + 3000,
  );
  assert.deepEqual(timeline, [
    { second: 0, requests: 2, errors: 1, p50LatencyMs: 10, p99LatencyMs: 30 },
    { second: 1, requests: 0, errors: 0, p50LatencyMs: undefined, p99LatencyMs: undefined },
    { second: 2, requests: 1, errors: 0, p50LatencyMs: 5, p99LatencyMs: 5 },
  ]);
});

test('a partial last second gets its own bucket and samples outside the run are dropped', () => {
  const timeline = timelineOf(
    [
      { at: T0 - 1, ok: true, status: 200, latencyMs: 1 },
      { at: T0 + 1200, ok: true, status: 200, latencyMs: 1 },
      { at: T0 + 1300, ok: true, status: 200, latencyMs: 1 },
    ],
    T0,
    T0 + 1250,
  );
  assert.deepEqual(
    timeline.map((s) => s.requests),
    [0, 1],
  );
});

test('a zero-length run still has one bucket', () => {
  assert.equal(timelineOf([], T0, T0).length, 1);
});
