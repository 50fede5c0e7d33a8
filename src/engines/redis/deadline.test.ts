import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { systemClock } from '../../kit/time/index.ts';
import { withDeadline } from './deadline.ts';

test('an answer within the deadline is passed through', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const answer = withDeadline(systemClock, 250, 'GET', Promise.resolve('x'));
  assert.equal(await answer, 'x');
});

test('a failure within the deadline is passed through', async () => {
  const failure = new Error('ECONNRESET');
  await assert.rejects(withDeadline(systemClock, 250, 'GET', Promise.reject(failure)), failure);
});

test('no answer within the deadline is an UpstreamUnavailableError naming the operation', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const answer = withDeadline(systemClock, 250, 'GET slice view', new Promise<never>(() => {}));
  t.mock.timers.tick(249);
  let settled = false;
  answer.catch(() => {}).finally(() => (settled = true));
  await Promise.resolve();
  assert.equal(settled, false);
  t.mock.timers.tick(1);
  await assert.rejects(answer, (error: unknown) => {
    assert.ok(error instanceof UpstreamUnavailableError);
    assert.equal(error.code, 'UPSTREAM_UNAVAILABLE');
    assert.match(error.message, /redis unavailable: GET slice view: no answer within 250ms/);
    return true;
  });
});
