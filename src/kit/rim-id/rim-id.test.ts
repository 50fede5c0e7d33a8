import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRimId } from './rim-id.ts';

test("the runbook's ids are valid", () => {
  assert.ok(isRimId('rim:test:verification'));
  assert.ok(isRimId('rim:entity:finance:EURUSD'));
  assert.ok(isRimId('rim:node:eu-west-1:host_7.a'));
});

test('ids that break a rule are refused', () => {
  for (const bad of [
    'rim:test',
    'rim::x',
    'RIM:test:x',
    'rim:Test:x',
    'rim:test:has space',
    'rim:test:x:',
    'urn:test:x',
    `rim:test:${'a'.repeat(65)}`,
    `rim:t${':abcdefgh'.repeat(30)}`,
  ]) {
    assert.equal(isRimId(bad), false, bad);
  }
});
