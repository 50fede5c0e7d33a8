import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDeadline } from './deadline.ts';
import { ManualClock } from './testing/index.ts';

test('withDeadline settles with the work when it finishes first', async () => {
  const clock = new ManualClock();
  const answer = withDeadline(clock, 100, Promise.resolve('done'), () => new Error('late'));
  assert.equal(await answer, 'done');
  assert.equal(clock.pending, 0, 'the deadline timer is cancelled');
});

test('withDeadline rejects with the timeout error once the deadline passes', async () => {
  const clock = new ManualClock();
  const answer = withDeadline(clock, 100, new Promise(() => {}), () => new Error('no answer within 100ms'));
  const settled = assert.rejects(answer, /no answer within 100ms/);
  await clock.advance(99);
  await clock.advance(1);
  await settled;
});

test('withDeadline passes the work’s own failure through', async () => {
  const clock = new ManualClock();
  await assert.rejects(
    withDeadline(clock, 100, Promise.reject(new Error('refused')), () => new Error('late')),
    /refused/,
  );
});
