import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitState } from 'cockatiel';
import { DEFAULT_BREAKER_OPTIONS } from './breaker-options.ts';
import { CountWindowBreaker } from './count-window-breaker.ts';

test('a saved half-open trial restores into a new breaker and reaches the same verdict', () => {
  const breaker = new CountWindowBreaker(DEFAULT_BREAKER_OPTIONS);
  for (let i = 0; i < 4; i += 1) assert.equal(breaker.failure(CircuitState.Closed), false);
  assert.equal(breaker.failure(CircuitState.Closed), true, '5 of 5 failed');
  assert.equal(breaker.phase, 'open');
  breaker.success(CircuitState.HalfOpen);
  assert.equal(breaker.admit(), true);
  assert.equal(breaker.failure(CircuitState.Closed), false, '1 of 3 probes failed: no verdict yet');

  const restored = new CountWindowBreaker(DEFAULT_BREAKER_OPTIONS);
  restored.state = JSON.parse(JSON.stringify(breaker.state)) as unknown;
  assert.equal(restored.phase, 'half-open');
  assert.deepEqual(restored.judged(), { buffered: 1, failed: 1, failureRate: -1 });
  assert.equal(restored.admit(), true);
  assert.equal(restored.admit(), true);
  assert.equal(restored.admit(), false, 'the first probe took one of three permits');
  assert.equal(restored.failure(CircuitState.Closed), true, '2 of 3 probes failed');
});

test('outcomes of calls that end while open are not judged', () => {
  const breaker = new CountWindowBreaker(DEFAULT_BREAKER_OPTIONS);
  for (let i = 0; i < 5; i += 1) breaker.failure(CircuitState.Closed);
  breaker.success(CircuitState.Closed);
  assert.equal(breaker.failure(CircuitState.Closed), false);
  assert.deepEqual(breaker.judged(), { buffered: 5, failed: 5, failureRate: 100 });
});
