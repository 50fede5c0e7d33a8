import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pollUntil } from './poll-until.ts';
import { ManualClock } from './testing/index.ts';

test('pollUntil returns the first defined value and the time it took', async () => {
  const clock = new ManualClock();
  let probes = 0;
  const outcome = await clock.until(
    pollUntil(clock, { everyMs: 250, timeoutMs: 10_000 }, () => (++probes === 3 ? 'ready' : undefined)),
  );
  assert.deepEqual(outcome, { done: true, value: 'ready', elapsedMs: 500 });
});

test('pollUntil gives up at the timeout, probing one last time at the deadline', async () => {
  const clock = new ManualClock();
  let probes = 0;
  const outcome = await clock.until(
    pollUntil(clock, { everyMs: 400, timeoutMs: 1_000 }, () => {
      probes += 1;
      return undefined;
    }),
  );
  assert.deepEqual(outcome, { done: false, elapsedMs: 1_000 });
  assert.equal(probes, 4, 'at 0, 400, 800 and 1000 ms');
});

test('pollUntil ends with a probe’s error', async () => {
  const clock = new ManualClock();
  await assert.rejects(
    pollUntil(clock, { everyMs: 10, timeoutMs: 100 }, () => {
      throw new Error('probe broke');
    }),
    /probe broke/,
  );
});
