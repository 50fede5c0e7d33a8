import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RedisClusterClient, RedisCommandRunner } from '../../../engines/redis/index.ts';
import { UpstreamUnavailableError } from '../../../kit/errors/index.ts';
import { systemClock } from '../../../kit/time/index.ts';
import { failOpen } from './fail-open.ts';
import { decodeView, encodeView, RedisSliceCache, sliceRedisKey } from './redis-slice-cache.ts';
import type { SliceCacheKey } from './slice-cache.ts';

const key = (entityId: string, tenant = 'acme', variant = ''): SliceCacheKey => ({
  tenant,
  source: 'capsule',
  entityId,
  variant,
});

/** A runner over a Map that records each SET's arguments, as Redis would take them. */
function fakeRedis(): RedisCommandRunner & { data: Map<string, string>; sets: unknown[][] } {
  const data = new Map<string, string>();
  const sets: unknown[][] = [];
  const client = {
    get: async (k: string) => data.get(k) ?? null,
    set: async (...args: [string, string, ...unknown[]]) => {
      sets.push(args);
      data.set(args[0], args[1]);
      return 'OK';
    },
  } as unknown as RedisClusterClient;
  return { data, sets, run: (_what, operation) => operation(client) };
}

test('keys are the prefix and the cache key text, one per tenant, source, entity and variant', () => {
  assert.equal(sliceRedisKey(key('rim:test:a')), 'butterfly:nexus:slice:acme|capsule|rim:test:a|');
  assert.equal(sliceRedisKey(key('rim:test:a', 'globex', 'PT1H'), 'p:'), 'p:globex|capsule|rim:test:a|PT1H');
  assert.notEqual(sliceRedisKey(key('rim:test:a', 'acme')), sliceRedisKey(key('rim:test:a', 'globex')));
});

test('views are JSON with their storage time; anything else does not decode', () => {
  const text = encodeView({ content: [1, 2], n: 'x' }, 1234);
  assert.deepEqual(JSON.parse(text), { storedAt: 1234, value: { content: [1, 2], n: 'x' } });
  assert.deepEqual(decodeView(text), { storedAt: 1234, value: { content: [1, 2], n: 'x' } });
  assert.deepEqual(decodeView(encodeView(undefined, 1)), { storedAt: 1, value: null });
  for (const foreign of ['{"value":1}', '{"storedAt":"1","value":1}', '42', 'null', 'not json'])
    assert.throws(() => decodeView(foreign), foreign);
});

test('a view is stored with PX = the retention, fresh within the TTL and stale after it', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const redis = fakeRedis();
  const cache = new RedisSliceCache({ redis, clock: systemClock, ttlMs: 1000, retentionMs: 5000 });
  await cache.set(key('rim:test:a'), { n: 1 });
  assert.deepEqual(redis.sets, [
    ['butterfly:nexus:slice:acme|capsule|rim:test:a|', '{"storedAt":1000000,"value":{"n":1}}', 'PX', 5000],
  ]);
  assert.deepEqual(await cache.get(key('rim:test:a')), { value: { n: 1 }, ageMs: 0, fresh: true });
  t.mock.timers.tick(1000);
  assert.equal((await cache.get(key('rim:test:a')))?.fresh, true, 'the TTL boundary is still fresh');
  t.mock.timers.tick(1);
  assert.deepEqual(await cache.get(key('rim:test:a')), { value: { n: 1 }, ageMs: 1001, fresh: false });
  t.mock.timers.tick(4000);
  assert.equal(
    await cache.get(key('rim:test:a')),
    undefined,
    'past the retention it is a miss even before Redis expires it',
  );
  assert.equal(await cache.get(key('rim:test:b')), undefined);
});

test('the retention is never shorter than the TTL', async () => {
  const redis = fakeRedis();
  await new RedisSliceCache({ redis, clock: systemClock, ttlMs: 3000, retentionMs: 10 }).set(key('x'), 1);
  assert.equal(redis.sets[0]![3], 3000);
});

test('tenants do not see each other’s views', async () => {
  const cache = new RedisSliceCache({
    redis: fakeRedis(),
    clock: systemClock,
    ttlMs: 1000,
    retentionMs: 1000,
  });
  await cache.set(key('rim:test:a', 'acme'), 'acme');
  assert.equal(await cache.get(key('rim:test:a', 'globex')), undefined);
  assert.equal((await cache.get(key('rim:test:a', 'acme')))?.value, 'acme');
});

test('behind failOpen, a Redis failure or a foreign value is a counted miss, never an error', async () => {
  const failing: RedisCommandRunner = {
    run: () =>
      Promise.reject(new UpstreamUnavailableError('redis', 'GET slice view: no answer within 250ms', 1)),
  };
  const failures: string[] = [];
  const onError = (operation: string, error: unknown) =>
    failures.push(`${operation}: ${(error as Error).message}`);
  const down = failOpen(
    new RedisSliceCache({ redis: failing, clock: systemClock, ttlMs: 1, retentionMs: 1 }),
    onError,
  );
  assert.equal(await down.get(key('rim:test:a')), undefined);
  await down.set(key('rim:test:a'), 1);

  const redis = fakeRedis();
  redis.data.set(sliceRedisKey(key('rim:test:b')), 'garbage');
  const foreign = failOpen(
    new RedisSliceCache({ redis, clock: systemClock, ttlMs: 1, retentionMs: 1 }),
    onError,
  );
  assert.equal(await foreign.get(key('rim:test:b')), undefined);

  assert.equal(failures.length, 3);
  assert.match(failures[0]!, /^get: redis unavailable: GET slice view: no answer within 250ms/);
  assert.match(failures[1]!, /^set: redis unavailable/);
  assert.match(failures[2]!, /^get: /);
});

test('describe reports the settings without calling Redis', async () => {
  const failing: RedisCommandRunner = { run: () => Promise.reject(new Error('must not be called')) };
  const cache = new RedisSliceCache({
    redis: failing,
    clock: systemClock,
    ttlMs: 30_000,
    retentionMs: 600_000,
  });
  assert.deepEqual(await cache.describe(), {
    kind: 'redis',
    keyPrefix: 'butterfly:nexus:slice:',
    ttlMs: 30_000,
    retentionMs: 600_000,
  });
});
