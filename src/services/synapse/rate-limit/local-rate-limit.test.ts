import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalRateLimit } from './local-rate-limit.ts';

test('allows the configured number per window per tenant, then refuses with the time to reset', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const limit = new LocalRateLimit({ points: 2, windowSeconds: 60 });
  const first = await limit.consume('a');
  assert.deepEqual(first, {
    allowed: true,
    state: { limit: 2, remaining: 1, resetSeconds: 60, limiter: 'local' },
  });
  t.mock.timers.tick(15_000);
  assert.equal((await limit.consume('a')).state.remaining, 0);
  const refused = await limit.consume('a');
  assert.equal(refused.allowed, false);
  assert.equal(refused.state.remaining, 0);
  assert.equal(refused.state.resetSeconds, 45);
  assert.equal((await limit.consume('b')).allowed, true, 'tenants are counted apart');
});

test('the window resets', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const limit = new LocalRateLimit({ points: 1, windowSeconds: 60 });
  assert.equal((await limit.consume('a')).allowed, true);
  assert.equal((await limit.consume('a')).allowed, false);
  t.mock.timers.tick(60_001);
  const again = await limit.consume('a');
  assert.equal(again.allowed, true);
  assert.equal(again.state.remaining, 0);
});
