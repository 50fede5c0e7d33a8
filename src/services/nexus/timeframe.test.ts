import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeframeSpan, sliceWindow } from './timeframe.ts';

test('each side is an ISO-8601 duration', () => {
  assert.deepEqual(parseTimeframeSpan('PT1H'), { ok: true, ms: 3_600_000 });
  const parsed = parseTimeframeSpan('1h');
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.match(parsed.message, /ISO-8601 duration/);
});

test('each side is at most 366 days', () => {
  assert.deepEqual(parseTimeframeSpan('P366D'), { ok: true, ms: 366 * 86_400_000 });
  const parsed = parseTimeframeSpan('P367D');
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.match(parsed.message, /at most 366 days/);
});

test('the window spans now - lookback to now + lookahead', () => {
  assert.deepEqual(sliceWindow(10_000, 3000, 500), { from: 7000, to: 10_500 });
});
