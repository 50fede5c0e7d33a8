import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadServiceConfig } from '../../../kit/config/index.ts';
import { HealthRegistry } from '../../../kit/health/index.ts';
import { BreakerRegistry } from '../../../resilience/breaker/index.ts';
import type { ServiceContext } from '../../../host/index.ts';
import { systemClock } from '../../../kit/time/index.ts';
import { InProcessSliceCache } from './in-process-slice-cache.ts';
import { openSliceCache } from './open-slice-cache.ts';
import { SLICE_CACHE_BREAKER } from './breaker-guarded.ts';

const bounds = { ttlMs: 1000, retentionMs: 20_000, maxEntries: 10 };

function contextFor(env: Record<string, string>): ServiceContext {
  return {
    config: loadServiceConfig('nexus', env),
    health: new HealthRegistry(1000),
    clock: systemClock,
    log: { info() {}, warn() {} },
    breakers: new BreakerRegistry(),
  } as unknown as ServiceContext;
}

test('the embedded profile caches in process, with no redis component', () => {
  const context = contextFor({ BUTTERFLY_PROFILE: 'embedded' });
  const hooks: (() => Promise<void>)[] = [];
  assert.ok(openSliceCache(context, bounds, (hook) => hooks.push(hook)) instanceof InProcessSliceCache);
  assert.equal(context.health.has('redis'), false);
  assert.equal(hooks.length, 0);
});

test('the local profile caches in Redis behind a breaker, registers the redis component and closes the client', async () => {
  // A closed loopback port: nothing to wait for, the client just fails to connect.
  const context = contextFor({ BUTTERFLY_PROFILE: 'local', BUTTERFLY_REDIS_NODES: '127.0.0.1:1' });
  const hooks: (() => Promise<void>)[] = [];
  const cache = openSliceCache(context, bounds, (hook) => hooks.push(hook));
  try {
    assert.ok(!(cache instanceof InProcessSliceCache));
    assert.ok(context.breakers.find(SLICE_CACHE_BREAKER), 'the Redis cache has its breaker');
    assert.equal(context.health.has('redis'), true);
    assert.deepEqual(await cache.describe(), {
      kind: 'redis',
      keyPrefix: 'butterfly:nexus:slice:',
      ttlMs: 1000,
      retentionMs: 20_000,
    });
  } finally {
    for (const hook of hooks) await hook();
  }
  assert.equal(hooks.length, 1);
});
