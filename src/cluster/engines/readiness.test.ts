import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ButterflyError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { awaitReady, notReady, ready } from './readiness.ts';

/** A clock whose sleeps pass instantly and move time on. */
function steppingClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    schedule: () => ({ cancel: () => undefined }),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

test('awaitReady checks at the interval until ready and returns the detail', async () => {
  const clock = steppingClock();
  const answers = [notReady('starting'), notReady('joining'), ready('3 nodes UN')];
  const detail = await awaitReady(async () => answers.shift()!, {
    what: 'ring',
    clock,
    timeoutMs: 10_000,
    intervalMs: 500,
  });
  assert.equal(detail, '3 nodes UN');
  assert.deepEqual(clock.slept, [500, 500]);
});

test('past the timeout it fails with the last reason, a check that throws counting as not ready', async () => {
  const clock = steppingClock();
  let calls = 0;
  const error = await awaitReady(
    async () => {
      calls += 1;
      if (calls % 2 === 0) throw new Error('connection refused');
      return notReady('2/3 replicas');
    },
    { what: 'Patroni PostgreSQL', clock, timeoutMs: 3000, intervalMs: 1000 },
  ).catch((caught: unknown) => caught);
  assert.ok(error instanceof ButterflyError);
  assert.equal(error.code, 'BFY_ERR_CLUSTER_START_FAILED');
  assert.match(error.message, /Patroni PostgreSQL not ready after 3\.0s: connection refused/);
});

test('an aborted wait stops at once', async () => {
  const abort = new AbortController();
  abort.abort(new Error('another engine failed'));
  await assert.rejects(
    awaitReady(async () => notReady('x'), {
      what: 'redis',
      clock: steppingClock(),
      timeoutMs: 1000,
      signal: abort.signal,
    }),
    /another engine failed/,
  );
});
