import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineDecisions, type Decision } from './decision.ts';

const of = (...actions: Decision[]) => combineDecisions(actions.map((action) => ({ action })));

test('nothing triggered approves', () => {
  assert.equal(of(), 'APPROVE');
});

test('APPROVE rules alone approve', () => {
  assert.equal(of('APPROVE', 'APPROVE'), 'APPROVE');
});

test('any DENY denies, whatever else triggered and in any order', () => {
  assert.equal(of('DENY'), 'DENY');
  assert.equal(of('APPROVE', 'REQUIRE_APPROVAL', 'DENY'), 'DENY');
  assert.equal(of('DENY', 'APPROVE'), 'DENY');
});

test('REQUIRE_APPROVAL wins over APPROVE but not over DENY', () => {
  assert.equal(of('APPROVE', 'REQUIRE_APPROVAL'), 'REQUIRE_APPROVAL');
  assert.equal(of('REQUIRE_APPROVAL', 'REQUIRE_APPROVAL'), 'REQUIRE_APPROVAL');
});
