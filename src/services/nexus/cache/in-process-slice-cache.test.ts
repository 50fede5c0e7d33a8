import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../../kit/time/index.ts';
import { failOpen } from './fail-open.ts';
import { InProcessSliceCache } from './in-process-slice-cache.ts';
import type { SliceCache, SliceCacheKey } from './slice-cache.ts';

const key = (
  entityId: string,
  tenant = 'acme',
  source: SliceCacheKey['source'] = 'capsule',
): SliceCacheKey => ({
  tenant,
  source,
  entityId,
  variant: '',
});

test('a view is fresh within the TTL, stale after it, and gone after the retention', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const cache = new InProcessSliceCache({
    clock: systemClock,
    ttlMs: 1000,
    retentionMs: 5000,
    maxEntries: 10,
  });
  await cache.set(key('rim:test:a'), { n: 1 });
  assert.deepEqual(await cache.get(key('rim:test:a')), { value: { n: 1 }, ageMs: 0, fresh: true });
  t.mock.timers.tick(1000);
  assert.equal((await cache.get(key('rim:test:a')))?.fresh, true, 'the TTL boundary is still fresh');
  t.mock.timers.tick(1);
  assert.deepEqual(await cache.get(key('rim:test:a')), { value: { n: 1 }, ageMs: 1001, fresh: false });
  t.mock.timers.tick(3999);
  assert.equal((await cache.get(key('rim:test:a')))?.ageMs, 5000);
  t.mock.timers.tick(1);
  assert.equal(await cache.get(key('rim:test:a')), undefined);
  assert.equal((await cache.describe()).entries, 0, 'an expired view is dropped when read');
});

test('storing again restarts the age', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 0 });
  const cache = new InProcessSliceCache({
    clock: systemClock,
    ttlMs: 1000,
    retentionMs: 5000,
    maxEntries: 10,
  });
  await cache.set(key('rim:test:a'), 1);
  t.mock.timers.tick(2000);
  await cache.set(key('rim:test:a'), 2);
  assert.deepEqual(await cache.get(key('rim:test:a')), { value: 2, ageMs: 0, fresh: true });
});

test('beyond maxEntries the least recently used view is dropped', async () => {
  const cache = new InProcessSliceCache({
    clock: systemClock,
    ttlMs: 60_000,
    retentionMs: 60_000,
    maxEntries: 2,
  });
  await cache.set(key('rim:test:a'), 'a');
  await cache.set(key('rim:test:b'), 'b');
  await cache.get(key('rim:test:a')); // a is now more recently used than b
  await cache.set(key('rim:test:c'), 'c');
  assert.equal(await cache.get(key('rim:test:b')), undefined);
  assert.equal((await cache.get(key('rim:test:a')))?.value, 'a');
  assert.equal((await cache.get(key('rim:test:c')))?.value, 'c');
  assert.equal((await cache.describe()).entries, 2);
});

test('views are kept per tenant, source, entity and variant', async () => {
  const cache = new InProcessSliceCache({
    clock: systemClock,
    ttlMs: 60_000,
    retentionMs: 60_000,
    maxEntries: 10,
  });
  await cache.set(key('rim:test:a', 'acme'), 'acme');
  assert.equal(await cache.get(key('rim:test:a', 'globex')), undefined);
  assert.equal(await cache.get(key('rim:test:a', 'acme', 'odyssey')), undefined);
  assert.equal(await cache.get({ ...key('rim:test:a', 'acme'), variant: 'PT1H' }), undefined);
  assert.equal((await cache.get(key('rim:test:a', 'acme')))?.value, 'acme');
});

test('failOpen turns a failing cache into misses and reports each failure', async () => {
  const broken: SliceCache = {
    get: () => Promise.reject(new Error('ECONNREFUSED')),
    set: () => Promise.reject(new Error('ECONNREFUSED')),
    describe: async () => ({}),
  };
  const failures: string[] = [];
  const cache = failOpen(broken, (operation, error) =>
    failures.push(`${operation}: ${(error as Error).message}`),
  );
  assert.equal(await cache.get(key('rim:test:a')), undefined);
  await cache.set(key('rim:test:a'), 1);
  assert.deepEqual(failures, ['get: ECONNREFUSED', 'set: ECONNREFUSED']);
});
