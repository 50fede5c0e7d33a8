import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { withDeadline } from '../../kit/time/index.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { noAnswerWithin } from './redis-connection.ts';

test('no answer within the deadline is an UpstreamUnavailableError naming the operation', async () => {
  const clock = new ManualClock();
  const answer = withDeadline(clock, 250, new Promise<never>(() => {}), () =>
    noAnswerWithin('GET slice view', 250),
  );
  let settled = false;
  answer.catch(() => {}).finally(() => (settled = true));
  await clock.advance(249);
  assert.equal(settled, false);
  await clock.advance(1);
  await assert.rejects(answer, (error: unknown) => {
    assert.ok(error instanceof UpstreamUnavailableError);
    assert.equal(error.code, 'BFY_ERR_UPSTREAM_UNAVAILABLE');
    assert.match(error.message, /redis unavailable: GET slice view: no answer within 250ms/);
    return true;
  });
});
