import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  eventually,
  startTestPlatform,
  tenant,
  type BreakerAction,
  type TestPlatform,
} from '../../harness/platform.ts';

// NEXUS in the whole embedded platform. The cache TTL is short so a view goes stale within a
// test; stopping a service is the last test, since the platform cannot start it again.

const CACHE_TTL_MS = 300;
let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform({ env: { BUTTERFLY_CACHE_TTL: `${CACHE_TTL_MS}ms` } });
});

after(async () => {
  await platform?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sliceBody(
  entityId: string,
  allowStaleData = false,
  timeframe: Record<string, unknown> = { lookback: 'PT1H', lookahead: 'PT1H' },
) {
  return { entityId, timeframe, options: { allowStaleData } };
}

async function slice(entityId: string, tenantId: string, allowStaleData = false) {
  return platform.call(
    'nexus',
    'POST',
    '/api/v1/temporal/slice',
    sliceBody(entityId, allowStaleData),
    tenant(tenantId),
  );
}

async function breaker(name: string, action: BreakerAction) {
  const response = await platform.breaker('nexus', name, action);
  assert.equal(response.status, 200, `${action} ${name}`);
}

/** Sends a signal and waits until CAPSULE stored it, ODYSSEY observed it and PERCEPTION knows its capsule. */
async function seedEntity(rim: string, tenantId: string): Promise<{ capsuleId: string; planId: string }> {
  const signal = await platform.call(
    'perception',
    'POST',
    '/api/v1/signals',
    { signalType: 'price-tick', source: 'nexus.test.ts', rimNodeId: rim, payload: { bid: 1.08 } },
    tenant(tenantId),
  );
  assert.equal(signal.status, 202);
  const capsuleId = await eventually(
    async () => {
      const state = await platform.call(
        'perception',
        'GET',
        `/api/v1/state/${rim}`,
        undefined,
        tenant(tenantId),
      );
      return state.body?.capsuleId as string | undefined;
    },
    8000,
    'capsule confirmed to PERCEPTION',
  );
  await eventually(
    async () => {
      const entity = await platform.call(
        'odyssey',
        'GET',
        `/api/v1/entities/${rim}/state`,
        undefined,
        tenant(tenantId),
      );
      return entity.status === 200 && entity.body.latestCapsuleId === capsuleId;
    },
    8000,
    'capsule observed by ODYSSEY',
  );
  const plan = await platform.call(
    'plato',
    'POST',
    '/api/v1/plans',
    {
      namespace: 'nexus-test',
      rimNodeId: rim,
      steps: [{ name: 'check', action: { type: 'VALIDATE' }, dependsOn: [] }],
    },
    tenant(tenantId),
  );
  assert.equal(plan.status, 201, JSON.stringify(plan.body));
  return { capsuleId, planId: plan.body.id as string };
}

test('a slice fuses all four sources live: past capsules, present state and entity, future plans; coherence 1', async () => {
  const rim = 'rim:entity:finance:EURUSD';
  const { capsuleId, planId } = await seedEntity(rim, 'nx-a');
  const response = await slice(rim, 'nx-a');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const body = response.body;
  assert.equal(body.entityId, rim);
  for (const source of ['perception', 'capsule', 'odyssey', 'plato']) {
    assert.deepEqual(
      body.sources[source],
      { status: 'UP', source: 'LIVE', cacheAgeSeconds: 0, stale: false },
      source,
    );
    assert.equal(response.headers.get(`x-circuit-state-${source}`), 'CLOSED');
  }
  assert.deepEqual(
    body.past.capsules.map((c: { capsuleId: string }) => c.capsuleId),
    [capsuleId],
  );
  assert.equal(body.past.totalCapsules, 1);
  assert.equal(body.present.perception.capsuleId, capsuleId);
  assert.equal(body.present.perception.status, 'OBSERVED');
  assert.equal(body.present.entity.observationCount, 1);
  assert.deepEqual(
    body.future.plans.map((p: { id: string }) => p.id),
    [planId],
  );
  assert.equal(body.coherenceScore, 1);
  assert.equal(body.degraded, false);
  assert.equal(response.headers.get('x-butterfly-degraded'), null);
  assert.equal(body.timeframe.lookback, 'PT1H');
  assert.equal(Date.parse(body.timeframe.to) - Date.parse(body.timeframe.from), 2 * 3_600_000);
});

test('slice validation: a 400 names the field and the rule', async () => {
  const cases: [unknown, string, RegExp][] = [
    [sliceBody('EURUSD'), 'body.entityId', /rim:<kind>/],
    [{ timeframe: { lookback: 'PT1H' } }, 'body.entityId', /./],
    [sliceBody('rim:test:x', false, { lookback: 'P1M' }), 'body.timeframe.lookback', /years and months/],
    [sliceBody('rim:test:x', false, { lookback: 3600 }), 'body.timeframe.lookback', /ISO-8601 duration/],
    [sliceBody('rim:test:x', false, { lookahead: 'PT' }), 'body.timeframe.lookahead', /ISO-8601 duration/],
    [sliceBody('rim:test:x', false, { lookback: 'P400D' }), 'body.timeframe.lookback', /at most 366 days/],
    [{ entityId: 'rim:test:x', options: { allowStaleData: 'yes' } }, 'body.options.allowStaleData', /./],
  ];
  for (const [body, field, message] of cases) {
    const response = await platform.call('nexus', 'POST', '/api/v1/temporal/slice', body, tenant('nx-a'));
    assert.equal(response.status, 400, field);
    const issue = response.body.error.details.issues.find((i: { field: string }) => i.field === field);
    assert.ok(issue, `${field} in ${JSON.stringify(response.body.error.details.issues)}`);
    assert.match(issue.message, message);
  }
});

test("another tenant's slice of the same entity sees none of it", async () => {
  const rim = 'rim:test:nexus-isolation';
  await seedEntity(rim, 'nx-owner');
  const response = await slice(rim, 'nx-intruder');
  assert.equal(response.status, 200);
  assert.equal(response.body.sources.perception.status, 'NOT_FOUND');
  assert.equal(response.body.sources.odyssey.status, 'NOT_FOUND');
  assert.equal(response.body.present.perception, null);
  assert.equal(response.body.present.entity, null);
  assert.equal(response.body.past.totalCapsules, 0);
  assert.deepEqual(response.body.future.plans, []);
});

test('with the CAPSULE breaker forced open and nothing cached, the slice is partial: 206, X-Circuit-State-CAPSULE, counted', async () => {
  const rim = 'rim:test:nexus-partial';
  await seedEntity(rim, 'nx-a');
  await breaker('capsule-client', 'forceOpen');
  try {
    const response = await slice(rim, 'nx-a', true);
    assert.equal(response.status, 206, JSON.stringify(response.body));
    assert.equal(response.headers.get('x-circuit-state-capsule'), 'FORCED_OPEN');
    assert.equal(response.headers.get('x-circuit-state-odyssey'), 'CLOSED');
    assert.equal(response.headers.get('x-butterfly-degraded'), 'partial-slice');
    assert.equal(response.body.degraded, true);
    assert.equal(response.body.sources.capsule.status, 'UNAVAILABLE');
    assert.equal(response.body.sources.capsule.cacheAgeSeconds, null);
    assert.match(response.body.sources.capsule.reason, /circuit open/);
    assert.equal(response.body.past, null);
    assert.equal(response.body.sources.perception.status, 'UP', 'what the others know is still served');
    assert.equal(response.body.present.entity.observationCount, 1);
    assert.ok(response.body.coherenceScore <= 0.75);
    const metrics = await fetch(new URL('/actuator/prometheus', platform.urls.nexus)).then((r) => r.text());
    const counted = /butterfly_degraded_responses_total\{[^}]*reason="partial-slice"[^}]*\} (\d+)/.exec(
      metrics,
    );
    assert.ok(counted && Number(counted[1]) >= 1, 'counted as degraded');
  } finally {
    await breaker('capsule-client', 'reset');
  }
});

test('once the TTL has passed, a stale cached view stands in for an unavailable source only with allowStaleData', async () => {
  const rim = 'rim:test:nexus-stale';
  const { capsuleId } = await seedEntity(rim, 'nx-a');
  const live = await slice(rim, 'nx-a');
  assert.equal(live.body.sources.capsule.source, 'LIVE');
  await sleep(CACHE_TTL_MS + 100);
  await breaker('capsule-client', 'forceOpen');
  try {
    const strict = await slice(rim, 'nx-a', false);
    assert.equal(strict.status, 206);
    assert.equal(strict.body.sources.capsule.status, 'UNAVAILABLE');

    const lenient = await slice(rim, 'nx-a', true);
    assert.equal(lenient.status, 200, JSON.stringify(lenient.body));
    assert.equal(lenient.body.sources.capsule.status, 'UP');
    assert.equal(lenient.body.sources.capsule.source, 'CACHE');
    assert.equal(lenient.body.sources.capsule.stale, true);
    assert.ok(lenient.body.sources.capsule.cacheAgeSeconds >= CACHE_TTL_MS / 1000);
    assert.deepEqual(
      lenient.body.past.capsules.map((c: { capsuleId: string }) => c.capsuleId),
      [capsuleId],
    );
    assert.equal(lenient.body.degraded, true);
    assert.equal(lenient.headers.get('x-butterfly-degraded'), 'stale-slice');
    assert.equal(lenient.headers.get('x-circuit-state-capsule'), 'FORCED_OPEN');
  } finally {
    await breaker('capsule-client', 'reset');
  }
});

test('the OpenAPI document publishes both NEXUS endpoints', async () => {
  const doc = await platform.call('nexus', 'GET', '/v3/api-docs');
  assert.equal(doc.status, 200);
  assert.ok(doc.body.paths['/api/v1/temporal/slice']?.post);
  assert.ok(doc.body.paths['/api/v1/temporal/slice'].post.responses['206'], '206 is documented');
  assert.ok(doc.body.paths['/api/v1/ecosystem/health']?.get);
});

test('the ecosystem is UP with every service UP; a stopped service is DOWN and makes the whole DOWN', async () => {
  const healthy = await platform.call('nexus', 'GET', '/api/v1/ecosystem/health');
  assert.equal(healthy.status, 200);
  assert.deepEqual(Object.keys(healthy.body.services).sort(), [
    'capsule',
    'nexus',
    'odyssey',
    'perception',
    'plato',
    'synapse',
  ]);
  for (const [name, service] of Object.entries<{
    status: string;
    circuitBreakerState: string | null;
    lastChecked: string;
  }>(healthy.body.services)) {
    assert.equal(service.status, 'UP', `${name}: ${JSON.stringify(service)}`);
    assert.equal(service.circuitBreakerState, name === 'nexus' ? null : 'CLOSED', name);
    assert.ok(!Number.isNaN(Date.parse(service.lastChecked)));
  }
  assert.equal(healthy.body.overallStatus, 'UP');

  await platform.services.synapse.shutdown('test stops synapse');
  const started = Date.now();
  const degraded = await platform.call('nexus', 'GET', '/api/v1/ecosystem/health');
  assert.ok(Date.now() - started < 3000, 'probes are bounded');
  assert.equal(degraded.status, 200);
  assert.equal(degraded.body.services.synapse.status, 'DOWN');
  assert.equal(degraded.body.services.synapse.pod, 'synapse-service');
  assert.ok(degraded.body.services.synapse.reason);
  assert.equal(degraded.body.services.capsule.status, 'UP');
  assert.equal(degraded.body.overallStatus, 'DOWN');
});
