import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoDuration } from './iso-duration.ts';

const ms = (text: string): number => {
  const parsed = parseIsoDuration(text);
  assert.ok(parsed.ok, `${text} should parse`);
  return parsed.ms;
};

test('parses weeks, days, hours, minutes and seconds', () => {
  assert.equal(ms('PT1H'), 3_600_000);
  assert.equal(ms('P1D'), 86_400_000);
  assert.equal(ms('P1W'), 604_800_000);
  assert.equal(ms('PT15M'), 900_000);
  assert.equal(ms('PT30S'), 30_000);
  assert.equal(ms('PT0.5S'), 500);
  assert.equal(ms('P1DT12H'), 129_600_000);
  assert.equal(ms('P2DT3H4M5S'), 2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5000);
  assert.equal(ms('PT0S'), 0);
  assert.equal(ms('pt1h'), 3_600_000, 'designators are case-insensitive');
});

test('refuses what is not a duration, with the format in the message', () => {
  for (const bad of [
    '',
    'P',
    'PT',
    'P1DT',
    '1h',
    'PT1H30',
    'P-1D',
    'PT1.5H',
    'P1.5D',
    'PT1S1M',
    'forever',
    '3600',
  ]) {
    const parsed = parseIsoDuration(bad);
    assert.equal(parsed.ok, false, bad);
    if (!parsed.ok) assert.match(parsed.message, /ISO-8601 duration/, bad);
  }
});

test('refuses years and months, which have no fixed length, and says what to use', () => {
  for (const bad of ['P1Y', 'P1M', 'P1Y2M', 'P1MT1H']) {
    const parsed = parseIsoDuration(bad);
    assert.equal(parsed.ok, false, bad);
    if (!parsed.ok) assert.match(parsed.message, /years and months/, bad);
  }
  assert.equal(ms('PT1M'), 60_000, 'minutes after T are fine');
});
