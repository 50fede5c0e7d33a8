import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../harness/platform.ts';
import { platform, get, sendSignal, usePerceptionPlatform } from './perception-platform.ts';

usePerceptionPlatform();

test('while CAPSULE cannot be reached the capsule waits in the outbox (health and gauges show it), then arrives', async () => {
  assert.equal((await platform.breaker('perception', 'capsule-client', 'forceOpen')).status, 200);
  try {
    const rim = 'rim:test:outbox-backlog';
    const accepted = await sendSignal(rim, 'perc-outbox');
    const health = await platform.call('perception', 'GET', '/actuator/health/outbox');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'UP', 'a backlog is not an outage of PERCEPTION');
    assert.ok(health.body.details['capsule-creations'].depth >= 1);
    const metrics = await fetch(new URL('/actuator/prometheus', platform.urls.perception)).then((r) =>
      r.text(),
    );
    const depth = /butterfly_outbox_depth\{[^}]*topic="capsule-creations"[^}]*\} (\d+)/.exec(metrics);
    assert.ok(depth && Number(depth[1]) >= 1, 'butterfly_outbox_depth gauge');
    assert.match(metrics, /butterfly_outbox_oldest_age_seconds\{[^}]*topic="capsule-creations"/);
    const pending = await get(`/api/v1/signals/${accepted.signalId}`, 'perc-outbox');
    assert.equal(pending.body.capsuleStatus, 'PENDING');
    assert.equal(pending.body.capsuleId, null);
  } finally {
    assert.equal((await platform.breaker('perception', 'capsule-client', 'reset')).status, 200);
  }
  await eventually(
    async () => {
      const state = await get('/api/v1/state/rim:test:outbox-backlog', 'perc-outbox');
      return state.body.capsuleId as string | undefined;
    },
    12_000,
    'the queued capsule delivered after the breaker closed',
  );
  const health = await platform.call('perception', 'GET', '/actuator/health/outbox');
  assert.equal(health.body.details['capsule-creations'].depth, 0);
});

test('the OpenAPI document publishes every PERCEPTION endpoint', async () => {
  const doc = await platform.call('perception', 'GET', '/v3/api-docs');
  assert.equal(doc.status, 200);
  for (const [path, method] of [
    ['/api/v1/signals', 'post'],
    ['/api/v1/signals', 'get'],
    ['/api/v1/signals/{signalId}', 'get'],
    ['/api/v1/state/{rimNodeId}', 'get'],
    ['/api/v1/outcomes', 'post'],
  ] as const) {
    assert.ok(doc.body.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
  }
});
