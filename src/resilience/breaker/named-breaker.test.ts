import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { BreakerOpenError, NamedBreaker, type BreakerState } from './named-breaker.ts';
import { DEFAULT_BREAKER_OPTIONS } from './breaker-options.ts';

const ok = async (): Promise<string> => 'ok';
const boom = async (): Promise<string> => Promise.reject(new Error('boom'));

async function failTimes(breaker: NamedBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await breaker.execute(boom).catch(() => {});
}

/** A call that stays in flight until the test settles it. */
function pendingCall(): { call: () => Promise<string>; succeed(): void; fail(): void } {
  let settle: { resolve(v: string): void; reject(e: Error): void } | undefined;
  return {
    call: () =>
      new Promise<string>((resolve, reject) => {
        settle = { resolve, reject };
      }),
    succeed: () => settle!.resolve('probe ok'),
    fail: () => settle!.reject(new Error('probe failed')),
  };
}

function openBreaker(name = 'capsule-client') {
  const clock = new ManualClock();
  const transitions: BreakerState[] = [];
  const breaker = new NamedBreaker(name, DEFAULT_BREAKER_OPTIONS, clock);
  breaker.onTransition((state) => transitions.push(state));
  return { clock, breaker, transitions };
}

test('opens once half of at least five calls in the window failed, then rejects without calling', async () => {
  const { breaker } = openBreaker();
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

test('exactly the threshold opens (50 % of a full window), one failure less does not', async () => {
  const { breaker } = openBreaker();
  for (let i = 0; i < 6; i += 1) await breaker.execute(ok);
  await failTimes(breaker, 4);
  assert.equal(breaker.state, 'CLOSED', '4 of 10 failed');
  await failTimes(breaker, 1);
  assert.equal(breaker.state, 'OPEN', '5 of 10 failed: 50 % reaches the threshold');
});

test('the window slides: old failures leave it', async () => {
  const { breaker } = openBreaker();
  await failTimes(breaker, 4);
  for (let i = 0; i < 10; i += 1) await breaker.execute(ok);
  assert.deepEqual(
    { ...breaker.snapshot(), state: breaker.state },
    { state: 'CLOSED', failureRate: 0, bufferedCalls: 10, failedCalls: 0, notPermittedCalls: 0 },
  );
  await failTimes(breaker, 4);
  assert.equal(breaker.state, 'CLOSED', '4 of the last 10');
});

test('stays open for the open period on the injected clock, whatever the wall clock says', async (t) => {
  const { breaker, clock } = openBreaker();
  await failTimes(breaker, 5);
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 3_600_000 });
  await clock.advance(14_999);
  await assert.rejects(breaker.execute(ok), BreakerOpenError);
  assert.equal(breaker.state, 'OPEN');
  await clock.advance(1);
  assert.equal(await breaker.execute(ok), 'ok');
  assert.equal(breaker.state, 'HALF_OPEN', 'one probe of three has passed');
});

test('half-open lets three probes through at once and refuses the fourth', async () => {
  const { breaker, clock } = openBreaker();
  await failTimes(breaker, 5);
  await clock.advance(15_000);
  const probes = [pendingCall(), pendingCall(), pendingCall()];
  const running = probes.map((probe) => breaker.execute(probe.call));
  await assert.rejects(breaker.execute(ok), BreakerOpenError, 'all permits are taken');
  assert.equal(breaker.state, 'HALF_OPEN');
  assert.equal(breaker.snapshot().failureRate, -1, 'no verdict before all probes are in');
  for (const probe of probes) probe.succeed();
  assert.deepEqual(await Promise.all(running), ['probe ok', 'probe ok', 'probe ok']);
  assert.equal(breaker.state, 'CLOSED');
  assert.deepEqual(
    { ...breaker.snapshot(), notPermittedCalls: 0 },
    { state: 'CLOSED', failureRate: -1, bufferedCalls: 0, failedCalls: 0, notPermittedCalls: 0 },
    'closing starts a fresh window',
  );
});

test('one failed probe of three is under 50 %: the breaker closes (cockatiel alone would re-open)', async () => {
  const { breaker, clock, transitions } = openBreaker();
  await failTimes(breaker, 5);
  await clock.advance(15_000);
  await assert.rejects(breaker.execute(boom), /boom/);
  assert.equal(breaker.state, 'HALF_OPEN');
  await breaker.execute(ok);
  assert.equal(breaker.state, 'HALF_OPEN');
  await breaker.execute(ok);
  assert.equal(breaker.state, 'CLOSED');
  assert.deepEqual(transitions, ['OPEN', 'HALF_OPEN', 'CLOSED']);
});

test('two failed probes of three re-open it at once, for a new open period', async () => {
  const { breaker, clock, transitions } = openBreaker();
  await failTimes(breaker, 5);
  await clock.advance(15_000);
  const last = pendingCall();
  await failTimes(breaker, 1);
  const third = breaker.execute(last.call);
  await failTimes(breaker, 1);
  assert.equal(breaker.state, 'OPEN', '2 of 3 failed whatever the third does');
  last.succeed();
  assert.equal(await third, 'probe ok', 'the probe in flight still answers its caller');
  assert.equal(breaker.state, 'OPEN');
  await clock.advance(14_999);
  await assert.rejects(breaker.execute(ok), BreakerOpenError);
  await clock.advance(1);
  await breaker.execute(ok);
  assert.equal(breaker.state, 'HALF_OPEN');
  assert.deepEqual(transitions, ['OPEN', 'HALF_OPEN', 'OPEN', 'HALF_OPEN']);
});

test('callers arriving together when the period ends share the three permits', async () => {
  const { breaker, clock } = openBreaker();
  await failTimes(breaker, 5);
  await clock.advance(15_000);
  let ran = 0;
  const results = await Promise.allSettled(
    Array.from({ length: 6 }, () =>
      breaker.execute(async () => {
        ran += 1;
        return 'ok';
      }),
    ),
  );
  assert.equal(ran, 3);
  assert.equal(
    results.filter((r) => r.status === 'rejected' && r.reason instanceof BreakerOpenError).length,
    3,
  );
  assert.equal(breaker.state, 'CLOSED');
});

test('failure rate is -1 until the minimum number of calls is buffered', async () => {
  const { breaker } = openBreaker('plato-client');
  await failTimes(breaker, 4);
  assert.equal(breaker.snapshot().failureRate, -1);
});

test('the options are honoured: window 4, 2 calls, 75 %, 1 s open, one probe', async () => {
  const clock = new ManualClock();
  const breaker = new NamedBreaker(
    'odyssey-client',
    { windowSize: 4, minimumCalls: 2, failureRateThreshold: 75, openMs: 1000, halfOpenCalls: 1 },
    clock,
  );
  await breaker.execute(ok);
  await failTimes(breaker, 2);
  assert.equal(breaker.state, 'CLOSED', '2 of 3 is under 75 %');
  await failTimes(breaker, 1);
  assert.equal(breaker.state, 'OPEN', '3 of 4');
  await clock.advance(1000);
  await failTimes(breaker, 1);
  assert.equal(breaker.state, 'OPEN', 'the single probe failed');
  await clock.advance(1000);
  await breaker.execute(ok);
  assert.equal(breaker.state, 'CLOSED');
});

test('forceOpen holds it open, forceClose lets everything through, reset starts afresh', async () => {
  const { breaker, clock, transitions } = openBreaker('synapse-client');
  breaker.forceOpen();
  assert.equal(breaker.state, 'FORCED_OPEN');
  await clock.advance(60_000);
  await assert.rejects(breaker.execute(ok), BreakerOpenError, 'no open period ends a forced open');
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
  assert.deepEqual(transitions, ['FORCED_OPEN', 'FORCED_CLOSED', 'CLOSED']);
});

test('totals count every call, keep counting while open and survive a reset', async () => {
  const { breaker } = openBreaker();
  await breaker.execute(ok);
  await breaker.execute(ok);
  await failTimes(breaker, 3);
  assert.equal(breaker.state, 'OPEN');
  await assert.rejects(breaker.execute(ok), BreakerOpenError);
  await assert.rejects(breaker.execute(ok), BreakerOpenError);
  assert.deepEqual(breaker.totals(), { successful: 2, failed: 3, notPermitted: 2 });
  breaker.reset();
  await breaker.execute(ok);
  assert.deepEqual(breaker.totals(), { successful: 3, failed: 3, notPermitted: 2 });
  assert.equal(breaker.snapshot().notPermittedCalls, 0, 'the snapshot counts since the reset');
});
