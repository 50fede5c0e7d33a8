import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heldPods, holdChecker, holdPod, releaseAll, releasePod } from './pod-holds.ts';

test('a hold is seen by the checker until released; releaseAll clears every hold', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'bfy-holds-'));
  const held = holdChecker(stateDir);
  assert.equal(held('cassandra-1'), false);
  holdPod(stateDir, 'cassandra-1', 'pod-failure for 60s');
  holdPod(stateDir, 'redis-2', 'pod-failure');
  assert.equal(held('cassandra-1'), true);
  assert.deepEqual(heldPods(stateDir), ['cassandra-1', 'redis-2']);
  releasePod(stateDir, 'cassandra-1');
  assert.equal(held('cassandra-1'), false);
  releaseAll(stateDir);
  assert.deepEqual(heldPods(stateDir), []);
});
