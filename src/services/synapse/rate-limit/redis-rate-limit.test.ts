import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisRateLimit } from './redis-rate-limit.ts';

type Mode = 'ok' | 'fail' | 'hang';

/**
 * A stand-in for the ioredis client as RateLimiterRedis uses it: `status` and the
 * `rlflxIncr` script (INCRBY with a TTL set on the first point), over a shared Map.
 */
function fakeRedis(counts = new Map<string, number>()) {
  const store = {
    status: 'ready',
    mode: 'ok' as Mode,
    calls: 0,
    counts,
    defineCommand() {},
    async rlflxIncr([key, points, secDuration]: string[]): Promise<[number, number]> {
      store.calls++;
      if (store.mode === 'fail') throw new Error('CLUSTERDOWN The cluster is down');
      if (store.mode === 'hang') return new Promise(() => {});
      const consumed = (counts.get(key!) ?? 0) + Number(points);
      counts.set(key!, consumed);
      return [consumed, Number(secDuration) * 1000];
    },
  };
  return store;
}

const limitOn = (storeClient: unknown, points = 2) =>
  new RedisRateLimit({ storeClient, points, windowSeconds: 60, timeoutMs: 250, keyPrefix: 'test' });

test('Redis decides while it answers: the limit is shared by instances on the same store', async () => {
  const counts = new Map<string, number>();
  const [a, b] = [limitOn(fakeRedis(counts)), limitOn(fakeRedis(counts))];
  assert.deepEqual(await a.consume('acme'), {
    allowed: true,
    state: { limit: 2, remaining: 1, resetSeconds: 60, limiter: 'redis' },
  });
  assert.equal((await b.consume('acme')).state.remaining, 0);
  const refused = await a.consume('acme');
  assert.equal(refused.allowed, false);
  assert.equal(refused.state.limiter, 'redis');
  assert.equal((await b.consume('globex')).allowed, true, 'tenants are counted apart');
  assert.deepEqual([...counts.keys()].sort(), ['test:acme', 'test:globex']);
});

test('a Redis error is answered by the local limiter, with the same points and window', async () => {
  const redis = fakeRedis();
  redis.mode = 'fail';
  const limit = limitOn(redis);
  const first = await limit.consume('acme');
  assert.deepEqual(first, {
    allowed: true,
    state: { limit: 2, remaining: 1, resetSeconds: 60, limiter: 'local' },
  });
  assert.equal((await limit.consume('acme')).allowed, true);
  const refused = await limit.consume('acme');
  assert.equal(refused.allowed, false, 'the limit stays enforced per instance');
  assert.equal(refused.state.limiter, 'local');
});

test('a client that is not connected is not asked: the local limiter answers at once', async () => {
  const redis = fakeRedis();
  redis.status = 'reconnecting';
  const decision = await limitOn(redis).consume('acme');
  assert.equal(decision.state.limiter, 'local');
  assert.equal(redis.calls, 0);
});

test('Redis not answering within the timeout: the local limiter answers at the timeout', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const redis = fakeRedis();
  redis.mode = 'hang';
  const pending = limitOn(redis).consume('acme');
  let decided = false;
  void pending.then(() => (decided = true));
  t.mock.timers.tick(249);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(decided, false);
  t.mock.timers.tick(1);
  const decision = await pending;
  assert.equal(decision.state.limiter, 'local');
  assert.equal(decision.allowed, true);
});

test('the answer returns to Redis as soon as it answers again', async () => {
  const redis = fakeRedis();
  const limit = limitOn(redis, 10);
  redis.mode = 'fail';
  assert.equal((await limit.consume('acme')).state.limiter, 'local');
  redis.mode = 'ok';
  assert.equal((await limit.consume('acme')).state.limiter, 'redis');
});
