import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from './duration.ts';

test('parseDuration accepts plain milliseconds and each unit', () => {
  assert.equal(parseDuration('250'), 250);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration(42), 42);
});

test('parseDuration rejects what is not a duration', () => {
  for (const bad of ['', 'fast', '-1s', '10 parsecs', '1d', 's'])
    assert.equal(parseDuration(bad), undefined, bad);
  assert.equal(parseDuration(-5), undefined);
});

test('formatDuration picks a readable unit', () => {
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(12_340), '12.3s');
  assert.equal(formatDuration(245_000), '4m05s');
});
