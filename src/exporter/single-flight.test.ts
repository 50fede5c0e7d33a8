import { test } from 'node:test';
import assert from 'node:assert/strict';
import { singleFlight } from './single-flight.ts';

test('calls during a run share it; a call after it finished starts a new run', async () => {
  let runs = 0;
  let finish!: (value: number) => void;
  const shared = singleFlight(() => {
    runs += 1;
    return new Promise<number>((resolve) => (finish = resolve));
  });
  const first = shared();
  const second = shared();
  finish(7);
  assert.deepEqual(await Promise.all([first, second]), [7, 7]);
  assert.equal(runs, 1);
  const third = shared();
  finish(8);
  assert.equal(await third, 8);
  assert.equal(runs, 2);
});

test('a failed run is shared too, and does not stick', async () => {
  let fail = true;
  const shared = singleFlight(async () => {
    if (fail) throw new Error('boom');
    return 'ok';
  });
  await assert.rejects(Promise.all([shared(), shared()]), /boom/);
  fail = false;
  assert.equal(await shared(), 'ok');
});
