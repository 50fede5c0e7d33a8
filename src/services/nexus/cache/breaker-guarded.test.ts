import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BreakerOpenError,
  DEFAULT_BREAKER_OPTIONS,
  NamedBreaker,
} from '../../../resilience/breaker/index.ts';
import { ManualClock } from '../../../kit/time/testing/index.ts';
import { breakerGuarded } from './breaker-guarded.ts';
import { failOpen } from './fail-open.ts';
import type { SliceCache } from './slice-cache.ts';

const key = { tenant: 't', source: 'capsule' as const, entityId: 'rim:e:1', variant: '' };

/** A cache whose every call fails, as a blackholed Redis does after its deadline; counts calls. */
function deadCache() {
  let calls = 0;
  const cache: SliceCache = {
    get: async () => {
      calls += 1;
      throw new Error('redis: GET: no answer within 250ms');
    },
    set: async () => {
      calls += 1;
      throw new Error('redis: SET: no answer within 250ms');
    },
    describe: async () => ({ kind: 'redis' }),
  };
  return { cache, calls: () => calls };
}

test('after enough failures the breaker opens and the dead cache is no longer called: every read is a miss at once', async () => {
  const clock = new ManualClock(0);
  const breaker = new NamedBreaker('redis-slice-cache', DEFAULT_BREAKER_OPTIONS, clock);
  const dead = deadCache();
  const errors: unknown[] = [];
  const cache = failOpen(breakerGuarded(dead.cache, breaker), (_operation, error) => errors.push(error));
  for (let i = 0; i < 5; i += 1) assert.equal(await cache.get(key), undefined);
  assert.equal(dead.calls(), 5);
  assert.equal(breaker.state, 'OPEN');
  for (let i = 0; i < 20; i += 1) assert.equal(await cache.get(key), undefined);
  await cache.set(key, { v: 1 });
  assert.equal(dead.calls(), 5, 'an open breaker keeps the dead cache out of the path');
  assert.ok(errors.slice(5).every((error) => error instanceof BreakerOpenError));
  await clock.advance(DEFAULT_BREAKER_OPTIONS.openMs + 1);
  assert.equal(await cache.get(key), undefined);
  assert.equal(dead.calls(), 6, 'after the open period a probe asks the cache again');
});
