import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapsuleCache } from './capsule-cache.ts';

const capsules = (id: string) => [{ capsuleId: id }];

test('keeps the last answer per tenant and scope, with when it was fetched', () => {
  const cache = new CapsuleCache();
  cache.put('a', 'rim:test:one', capsules('1'), 1000);
  cache.put('a', 'rim:test:one', capsules('2'), 2000);
  cache.put('b', 'rim:test:one', capsules('3'), 3000);
  assert.deepEqual(cache.get('a', 'rim:test:one'), { capsules: capsules('2'), fetchedAt: 2000 });
  assert.deepEqual(cache.get('b', 'rim:test:one'), { capsules: capsules('3'), fetchedAt: 3000 });
  assert.equal(cache.get('a', 'rim:test:two'), undefined);
  assert.equal(cache.get('c', 'rim:test:one'), undefined);
  assert.equal(cache.size, 2);
});

test('is bounded: the least recently used scope goes first', () => {
  const cache = new CapsuleCache(2);
  cache.put('a', 'rim:test:one', capsules('1'), 1);
  cache.put('a', 'rim:test:two', capsules('2'), 2);
  cache.get('a', 'rim:test:one'); // one is now the most recently used
  cache.put('a', 'rim:test:three', capsules('3'), 3);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('a', 'rim:test:two'), undefined);
  assert.ok(cache.get('a', 'rim:test:one'));
  assert.ok(cache.get('a', 'rim:test:three'));
});

test('refuses a size that is not a positive integer', () => {
  assert.throws(() => new CapsuleCache(0), RangeError);
  assert.throws(() => new CapsuleCache(1.5), RangeError);
});
