import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { runOpenSchedule, type ScheduledStart } from './open-schedule.ts';

test('requests start on schedule while earlier ones hang (open model)', async () => {
  const clock = new ManualClock(0);
  const starts: ScheduledStart[] = [];
  const hung: (() => void)[] = [];
  const run = runOpenSchedule({
    clock,
    ratePerSecond: 10,
    durationMs: 1000,
    fire: (start) => {
      starts.push(start);
      // Every request hangs until released: a closed loop would send one and wait.
      return new Promise<void>((resolve) => hung.push(resolve));
    },
  });
  await clock.advance(950);
  assert.deepEqual(
    starts.map((start) => start.startedAt),
    [0, 100, 200, 300, 400, 500, 600, 700, 800, 900],
  );
  assert.ok(starts.every((start) => start.startedAt === start.intendedAt && !start.late));
  for (const release of hung) release();
  const result = await clock.until(run);
  assert.deepEqual(
    { due: result.due, started: result.started, late: result.late, shed: result.shed },
    { due: 10, started: 10, late: 0, shed: 0 },
  );
});

test('a late tick starts every due request at once, each keeping its intended time and counted late', async () => {
  const clock = new ManualClock(0);
  const starts: ScheduledStart[] = [];
  // A clock whose timers fire 250 ms after they were due, like a blocked event loop.
  const stalled = {
    now: () => clock.now(),
    schedule: (ms: number, fn: () => void) => clock.schedule(ms + 250, fn),
    sleep: (ms: number) => clock.sleep(ms),
  };
  const run = runOpenSchedule({
    clock: stalled,
    ratePerSecond: 20,
    durationMs: 500,
    fire: async (start) => void starts.push(start),
  });
  const result = await clock.until(run);
  assert.equal(result.started, 10);
  assert.deepEqual(
    starts.map((start) => start.intendedAt),
    [0, 50, 100, 150, 200, 250, 300, 350, 400, 450],
  );
  // The first starts at once; the tick for 50 ms fires at 300 ms and starts 50…300 together.
  assert.deepEqual(
    starts.slice(0, 7).map((start) => start.startedAt),
    [0, 300, 300, 300, 300, 300, 300],
  );
  // Only the one due exactly at 300 ms was on time; the tick for 350 ms fires at 600 ms.
  assert.deepEqual(
    starts.filter((start) => start.late).map((start) => start.intendedAt),
    [50, 100, 150, 200, 250, 350, 400, 450],
  );
  assert.equal(result.late, 8);
});

test('over the in-flight cap a due start is shed and counted, not queued', async () => {
  const clock = new ManualClock(0);
  const shed: number[] = [];
  const release: (() => void)[] = [];
  const run = runOpenSchedule({
    clock,
    ratePerSecond: 10,
    durationMs: 500,
    maxInFlight: 2,
    fire: () => new Promise<void>((resolve) => release.push(resolve)),
    onShed: (start) => shed.push(start.seq),
  });
  await clock.advance(450);
  assert.deepEqual(shed, [2, 3, 4]);
  for (const done of release) done();
  const result = await clock.until(run);
  assert.deepEqual({ started: result.started, shed: result.shed }, { started: 2, shed: 3 });
});

test('an abort stops starting and waits for the requests in flight', async () => {
  const clock = new ManualClock(0);
  const controller = new AbortController();
  let started = 0;
  const run = runOpenSchedule({
    clock,
    ratePerSecond: 10,
    durationMs: 10_000,
    signal: controller.signal,
    fire: async () => void (started += 1),
  });
  await clock.advance(250);
  controller.abort();
  const result = await clock.until(run);
  assert.equal(started, 3);
  assert.equal(result.started, 3);
  assert.equal(clock.pending, 0);
});
