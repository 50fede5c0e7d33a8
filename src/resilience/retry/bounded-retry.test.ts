import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RetryPolicy } from 'cockatiel';
import { boundedRetry } from './bounded-retry.ts';
import { isIdempotentRequest } from './idempotent-request.ts';

const options = { attempts: 3, initialDelayMs: 100, maxDelayMs: 1000 };
const transient = (error: Error) => error.message === 'transient';

/** Runs `work` with cockatiel's backoff timers on mock time, advancing it until `work` settles. */
async function onMockTime<T>(t: TestContext, work: () => Promise<T>): Promise<T> {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let settled = false;
  const pending = work().finally(() => {
    settled = true;
  });
  pending.catch(() => {}); // observed below, after the loop; not an unhandled rejection meanwhile
  while (!settled) {
    await nextTurn();
    t.mock.timers.tick(25);
  }
  return pending;
}

test('retries a transient failure until it succeeds, within the attempts', async (t) => {
  const policy = boundedRetry(options, transient);
  let tries = 0;
  const answer = await onMockTime(t, () =>
    policy.execute(async () => {
      tries += 1;
      if (tries < 3) throw new Error('transient');
      return 'third time';
    }),
  );
  assert.equal(answer, 'third time');
  assert.equal(tries, 3);
});

test('gives up after the attempts with the last error; backoffs are jittered and capped', async (t) => {
  const policy = boundedRetry({ ...options, attempts: 4 }, transient);
  assert.ok(policy instanceof RetryPolicy);
  const delays: number[] = [];
  policy.onRetry((event) => delays.push(event.delay));
  let tries = 0;
  await assert.rejects(
    onMockTime(t, () =>
      policy.execute(async () => {
        tries += 1;
        throw new Error('transient');
      }),
    ),
    /transient/,
  );
  assert.equal(tries, 4);
  assert.equal(delays.length, 3);
  for (const delay of delays) assert.ok(delay >= 0 && delay <= 1000, `delay ${delay} within [0, 1000]`);
});

test('an error the predicate refuses is not retried', async () => {
  const policy = boundedRetry(options, transient);
  let tries = 0;
  await assert.rejects(
    policy.execute(async () => {
      tries += 1;
      throw new Error('circuit open');
    }),
    /circuit open/,
  );
  assert.equal(tries, 1);
});

test('one attempt means no retry at all', async () => {
  const policy = boundedRetry({ ...options, attempts: 1 }, transient);
  let tries = 0;
  await assert.rejects(
    policy.execute(async () => {
      tries += 1;
      throw new Error('transient');
    }),
  );
  assert.equal(tries, 1);
});

test('the first backoff is jittered: callers failing together do not all come back together', () => {
  const firsts = new Set<number>();
  for (let i = 0; i < 50; i += 1) {
    const policy = boundedRetry(options, transient) as RetryPolicy;
    // The backoff factory is what the policy would consult on its first retry.
    const backoff = (
      policy as unknown as { options: { backoff: { next(c: unknown): { duration: number } } } }
    ).options.backoff;
    firsts.add(Math.round(backoff.next({}).duration));
  }
  assert.ok(firsts.size > 10, `only ${firsts.size} distinct first delays in 50`);
});

test('idempotent: safe methods, and other methods only with an idempotency key', () => {
  assert.equal(isIdempotentRequest('GET', {}), true);
  assert.equal(isIdempotentRequest('head', {}), true);
  assert.equal(isIdempotentRequest('POST', {}), false);
  assert.equal(isIdempotentRequest('POST', { 'x-idempotency-key': 'k-1' }), true);
  assert.equal(isIdempotentRequest('POST', { 'Idempotency-Key': 'k-1' }), true);
  assert.equal(isIdempotentRequest('POST', { 'x-idempotency-key': ' ' }), false);
  assert.equal(isIdempotentRequest('DELETE', { 'x-correlation-id': 'c' }), false);
});
