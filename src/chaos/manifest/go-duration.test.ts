import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoDuration } from './go-duration.ts';

test('Go durations: single and compound units, fractions, 0', () => {
  assert.equal(parseGoDuration('30s'), 30_000);
  assert.equal(parseGoDuration('1m30s'), 90_000);
  assert.equal(parseGoDuration('500ms'), 500);
  assert.equal(parseGoDuration('1.5h'), 5_400_000);
  assert.equal(parseGoDuration('2h45m'), 9_900_000);
  assert.equal(parseGoDuration('1500us'), 2);
  assert.equal(parseGoDuration('0'), 0);
});

test('what Go would refuse, and negatives, are not durations', () => {
  for (const bad of ['', '30', '-1s', '1d', 's', '1 m', '1m 30s', 'PT1M', '1.s', '5 minutes'])
    assert.equal(parseGoDuration(bad), undefined, bad);
});
