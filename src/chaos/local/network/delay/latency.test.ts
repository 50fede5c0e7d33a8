import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencySampler, releaseAt } from './latency.ts';

function sequence(values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

test('each delay is latency ± jitter, from the uniform draw', () => {
  const sample = latencySampler(
    { latencyMs: 500, jitterMs: 100, correlation: 0 },
    sequence([0.5, 0, 1, 0.75]),
  );
  assert.deepEqual([sample(), sample(), sample()], [400, 600, 550]);
});

test('correlation leans each draw on the previous one', () => {
  // First call seeds `previous` with 0; then draws 1, 1: 0.5·0 + 0.5·1 = 0.5, then 0.5·0.5 + 0.5·1 = 0.75.
  const sample = latencySampler({ latencyMs: 100, jitterMs: 100, correlation: 50 }, sequence([0, 1, 1]));
  assert.equal(sample(), 100);
  assert.equal(sample(), 150);
});

test('a delay is never negative, whatever the jitter', () => {
  const sample = latencySampler({ latencyMs: 10, jitterMs: 100, correlation: 0 }, sequence([0]));
  assert.equal(sample(), 0);
});

test('a chunk never overtakes the one before it', () => {
  assert.equal(releaseAt(1000, 400, 0), 1400);
  assert.equal(releaseAt(1010, 100, 1400), 1400, 'a shorter draw waits for the previous chunk');
  assert.equal(releaseAt(2000, 100, 1400), 2100);
});
