import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateStatus, httpStatusForHealth } from './status.ts';

test('aggregate picks the most severe status: DOWN > OUT_OF_SERVICE > UP > UNKNOWN', () => {
  assert.equal(aggregateStatus(['UP', 'UNKNOWN']), 'UP');
  assert.equal(aggregateStatus(['UP', 'OUT_OF_SERVICE', 'UNKNOWN']), 'OUT_OF_SERVICE');
  assert.equal(aggregateStatus(['OUT_OF_SERVICE', 'DOWN', 'UP']), 'DOWN');
  assert.equal(aggregateStatus(['UNKNOWN']), 'UNKNOWN');
  assert.equal(aggregateStatus([]), 'UNKNOWN');
});

test('DOWN and OUT_OF_SERVICE are served as 503, the rest as 200', () => {
  assert.equal(httpStatusForHealth('DOWN'), 503);
  assert.equal(httpStatusForHealth('OUT_OF_SERVICE'), 503);
  assert.equal(httpStatusForHealth('UP'), 200);
  assert.equal(httpStatusForHealth('UNKNOWN'), 200);
});
