import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { buildService, type BuiltService } from '../../../src/host/index.ts';
import { nexusService } from '../../../src/services/nexus/index.ts';
import { fakePeer, type FakePeer } from '../../harness/fake-peer.ts';
import { RUN, DEAD_NODE, connectionTo, deleteKeys } from './redis-tier.ts';

describe('NEXUS on the local profile', () => {
  let stateDir: string;
  let peer: FakePeer;
  let nexus: BuiltService | undefined;
  let nexusOnDeadRedis: BuiltService | undefined;

  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'butterfly-redis-test-'));
    // One fake answers for all four sources, so slices are complete and cacheable.
    peer = await fakePeer((request) => {
      if (request.url.startsWith('/api/v1/history') || request.url.startsWith('/api/v1/plans'))
        return { status: 200, body: { content: [], totalElements: 0, totalPages: 0, number: 0, size: 100 } };
      if (request.url.startsWith('/api/v1/state/'))
        return { status: 200, body: { rimNodeId: 'rim:test:redis', status: 'OBSERVED', capsuleId: null } };
      return { status: 200, body: { entityId: 'rim:test:redis', observationCount: 0 } };
    });
    const env = (extra: Record<string, string>) =>
      loadServiceConfig('nexus', {
        BUTTERFLY_PROFILE: 'local',
        BUTTERFLY_STATE_DIR: stateDir,
        BUTTERFLY_LOG_LEVEL: 'silent',
        BUTTERFLY_PERCEPTION_URL: peer.url,
        BUTTERFLY_CAPSULE_URL: peer.url,
        BUTTERFLY_ODYSSEY_URL: peer.url,
        BUTTERFLY_PLATO_URL: peer.url,
        ...extra,
      });
    nexus = await buildService(nexusService, env({}));
    nexusOnDeadRedis = await buildService(nexusService, env({ BUTTERFLY_REDIS_NODES: DEAD_NODE }));
  });

  after(async () => {
    await nexus?.app.close();
    await nexusOnDeadRedis?.app.close();
    await peer?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const slice = (service: BuiltService, tenant: string) =>
    service.app.inject({
      method: 'POST',
      url: '/api/v1/temporal/slice',
      headers: { 'x-tenant-id': tenant },
      payload: { entityId: 'rim:test:redis', timeframe: { lookback: 'PT1H', lookahead: 'PT1H' } },
    });

  test('/actuator/health/redis is UP with the cluster details; the cache component says redis', async () => {
    const response = await nexus!.app.inject({ method: 'GET', url: '/actuator/health/redis' });
    assert.equal(response.statusCode, 200, response.body);
    const health = response.json();
    assert.equal(health.status, 'UP');
    assert.equal(health.details.clusterState, 'ok');
    assert.equal(health.details.masters.length, 3);
    const cache = (await nexus!.app.inject({ method: 'GET', url: '/actuator/health/cache' })).json();
    assert.equal(cache.details.kind, 'redis');
  });

  test('slices are cached in Redis: the second answer comes from the cache', async () => {
    const tenant = `tenant-${RUN}-nexus`;
    const live = await slice(nexus!, tenant);
    assert.equal(live.statusCode, 200, live.body);
    assert.equal(live.json().sources.capsule.source, 'LIVE');
    const cached = await slice(nexus!, tenant);
    assert.equal(cached.statusCode, 200);
    for (const source of ['perception', 'capsule', 'odyssey', 'plato'])
      assert.equal(cached.json().sources[source].source, 'CACHE', source);
    const connection = connectionTo();
    try {
      assert.equal(await connection.whenReady(5000), true);
      const keys = await deleteKeys(connection, `butterfly:nexus:slice:${tenant}|*`);
      assert.deepEqual(
        keys.map((key) => key.split('|')[1]).sort(),
        ['capsule', 'odyssey', 'perception', 'plato'],
        'one key per source, under the tenant',
      );
    } finally {
      await connection.close();
    }
  });

  test('with Redis unreachable a slice is served live, not degraded, and the cache errors are counted', async () => {
    const tenant = `tenant-${RUN}-nexus-dead`;
    const response = await slice(nexusOnDeadRedis!, tenant);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.degraded, false);
    for (const source of ['perception', 'capsule', 'odyssey', 'plato'])
      assert.equal(body.sources[source].source, 'LIVE', source);
    const metrics = await nexusOnDeadRedis!.app.inject({ method: 'GET', url: '/actuator/prometheus' });
    assert.match(metrics.body, /butterfly_slice_cache_errors_total\{operation="get"[^}]*\} [1-9]/);
    const health = await nexusOnDeadRedis!.app.inject({ method: 'GET', url: '/actuator/health/redis' });
    assert.equal(health.json().status, 'DOWN');
    const readiness = await nexusOnDeadRedis!.app.inject({
      method: 'GET',
      url: '/actuator/health/readiness',
    });
    assert.equal(readiness.statusCode, 200, 'Redis is not needed to serve');
  });
});
