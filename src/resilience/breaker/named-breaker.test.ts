import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BreakerOpenError, NamedBreaker } from './named-breaker.ts';
import { DEFAULT_BREAKER_OPTIONS } from './breaker-options.ts';

const ok = async (): Promise<string> => 'ok';
const boom = async (): Promise<string> => Promise.reject(new Error('boom'));

async function failTimes(breaker: NamedBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await breaker.execute(boom).catch(() => {});
}

test('opens once half of at least five calls in the window failed, then rejects without calling', async () => {
  const breaker = new NamedBreaker('capsule-client', DEFAULT_BREAKER_OPTIONS);
  await breaker.execute(ok);
  await breaker.execute(ok);
  await failTimes(breaker, 2);
  assert.equal(breaker.state, 'CLOSED', 'four calls are below the minimum');
  await failTimes(breaker, 1);
  assert.equal(breaker.state, 'OPEN');
  let called = false;
  await assert.rejects(
    breaker.execute(async () => {
      called = true;
      return 'x';
    }),
    BreakerOpenError,
  );
  assert.equal(called, false);
  assert.deepEqual(breaker.snapshot(), {
    state: 'OPEN',
    failureRate: 60,
    bufferedCalls: 5,
    failedCalls: 3,
    notPermittedCalls: 1,
  });
});

test('after the open period one probe goes through and its success closes the breaker', async (t) => {
  t.mock.timers.enable({ apis: ['Date', 'setTimeout'] });
  const breaker = new NamedBreaker('odyssey-client', { ...DEFAULT_BREAKER_OPTIONS, openMs: 15_000 });
  await failTimes(breaker, 5);
  assert.equal(breaker.state, 'OPEN');
  t.mock.timers.tick(14_999);
  await assert.rejects(breaker.execute(ok), BreakerOpenError);
  t.mock.timers.tick(1);
  assert.equal(await breaker.execute(ok), 'ok');
  assert.equal(breaker.state, 'CLOSED');
});

test('failure rate is -1 until the minimum number of calls is buffered', async () => {
  const breaker = new NamedBreaker('plato-client', DEFAULT_BREAKER_OPTIONS);
  await failTimes(breaker, 4);
  assert.equal(breaker.snapshot().failureRate, -1);
});

test('forceOpen holds it open, forceClose lets everything through, reset starts afresh', async () => {
  const transitions: string[] = [];
  const breaker = new NamedBreaker('synapse-client', DEFAULT_BREAKER_OPTIONS);
  breaker.onTransition((state) => transitions.push(state));
  breaker.forceOpen();
  assert.equal(breaker.state, 'FORCED_OPEN');
  await assert.rejects(breaker.execute(ok), BreakerOpenError);
  breaker.forceClose();
  await failTimes(breaker, 8);
  assert.equal(breaker.state, 'FORCED_CLOSED', 'failures do not open a force-closed breaker');
  assert.equal(await breaker.execute(ok), 'ok');
  breaker.reset();
  assert.deepEqual(breaker.snapshot(), {
    state: 'CLOSED',
    failureRate: -1,
    bufferedCalls: 0,
    failedCalls: 0,
    notPermittedCalls: 0,
  });
  assert.deepEqual(transitions.slice(0, 2), ['FORCED_OPEN', 'FORCED_CLOSED']);
  assert.equal(transitions.at(-1), 'CLOSED');
});
