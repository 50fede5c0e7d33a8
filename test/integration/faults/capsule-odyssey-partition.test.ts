// Scenario D of the runbook on real processes: an iptables partition between capsule-service
// and odyssey-core (and NEXUS cut from CAPSULE). Each side stays healthy on its own, breakers
// open and fail fast, ODYSSEY answers from its cache or 503 (never 500), NEXUS answers a partial
// slice naming the open circuit, announcements wait in CAPSULE's outbox; after healing the
// counts converge and the cross-service calls come back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, capsuleBody, heal, partition, serviceAddress, waitFor } from '../../harness/local-platform.ts';
import { reaches } from '../../harness/tcp-probe.ts';

const tenant = `faults-partition-${Date.now()}`;
const scope = `rim:faults:partition-${Date.now()}`;
const uncached = `rim:faults:never-read-${Date.now()}`;

after(() => heal());

async function writeCapsules(n: number, offset: number) {
  for (let i = 0; i < n; i += 1) {
    const answer = await call('capsule', 'POST', '/api/v1/capsules', {
      tenant,
      body: capsuleBody(scope, offset + i),
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  }
}

async function counts() {
  const capsules = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}&limit=1`, { tenant });
  const entities = await call('odyssey', 'GET', `/api/v1/entities?entityId=${scope}&limit=1`, { tenant });
  return { capsule: capsules.body.totalElements as number, odyssey: entities.body.totalElements as number };
}

async function orchestrate(scopeId: string) {
  return call('odyssey', 'POST', '/api/v1/capsule/orchestrate', { tenant, body: { scopeId, mode: 'READ' } });
}

test('partition capsule ↔ odyssey: healthy on their own, cache or 503 never 500, breakers open, outbox holds; heal → counts equal', async () => {
  const capsule = serviceAddress('capsule');
  const odyssey = serviceAddress('odyssey');
  const nexus = serviceAddress('nexus');
  await writeCapsules(5, 0);
  await waitFor(
    'ODYSSEY to count 5',
    async () => ((await counts()).odyssey === 5 ? true : undefined),
    30_000,
  );
  // Warm ODYSSEY's cache with a live answer (a breaker left open by an earlier fault closes first).
  await waitFor(
    'a live orchestrated read',
    async () => ((await orchestrate(scope)).body?.source === 'LIVE' ? true : undefined),
    60_000,
    1000,
  );

  partition(capsule, odyssey);
  partition(nexus, capsule);
  assert.equal(
    await reaches({ host: odyssey, port: 8080, localAddress: capsule, timeoutMs: 1500 }),
    false,
    'the partition bites: capsule → odyssey',
  );
  assert.equal(
    await reaches({ host: capsule, port: 8080, localAddress: odyssey, timeoutMs: 1500 }),
    false,
    'the partition bites: odyssey → capsule',
  );
  assert.equal(
    await reaches({ host: serviceAddress('plato'), port: 8080, localAddress: capsule, timeoutMs: 1500 }),
    true,
    'only that pair is cut',
  );

  // CAPSULE keeps taking writes; their announcements wait in its outbox.
  await writeCapsules(5, 5);
  const list = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}&limit=50`, { tenant });
  assert.equal(list.status, 200);
  assert.equal(list.body.totalElements, 10);

  // ODYSSEY: the cached scope is served degraded, an uncached one is 503; never a 500.
  const answers = [];
  for (let i = 0; i < 8; i += 1) {
    answers.push(await orchestrate(scope));
    answers.push(await orchestrate(uncached));
  }
  for (const answer of answers) assert.notEqual(answer.status, 500, JSON.stringify(answer.body));
  const cached = answers.filter((answer) => answer.status === 200);
  assert.ok(cached.length >= 8);
  for (const answer of cached) {
    assert.equal(answer.body.source, 'CACHE');
    assert.equal(answer.body.degraded, true);
    assert.equal(answer.headers.get('x-butterfly-degraded'), 'capsule-unreachable');
  }
  assert.ok(
    answers.some(
      (answer) => answer.status === 503 && answer.body.error?.code === 'BFY_ERR_UPSTREAM_UNAVAILABLE',
    ),
    `an uncached scope is 503: ${JSON.stringify(answers.map((answer) => [answer.status, answer.body?.error?.code ?? answer.body?.source]))}`,
  );

  const breakers = await call('odyssey', 'GET', '/actuator/circuitbreakers');
  assert.equal(breakers.body.circuitBreakers['capsule-client'].state, 'OPEN', JSON.stringify(breakers.body));
  const fastFails = [];
  for (let i = 0; i < 5; i += 1) fastFails.push(await orchestrate(uncached));
  for (const answer of fastFails) {
    assert.equal(answer.status, 503);
    assert.ok(answer.ms < 200, `an open breaker answered in ${answer.ms} ms`);
  }

  // Every service healthy on its own; the breaker shows in the health details.
  for (const service of ['capsule', 'odyssey', 'nexus'] as const) {
    const health = await call(service, 'GET', '/actuator/health');
    assert.equal(health.status, 200, `${service}: ${JSON.stringify(health.body)}`);
  }
  const odysseyHealth = await call('odyssey', 'GET', '/actuator/health/circuitBreakers');
  assert.equal(odysseyHealth.body.details['capsule-client'].state, 'OPEN');

  // NEXUS cut from CAPSULE: a partial slice that names the circuit.
  const slices = [];
  for (let i = 0; i < 8; i += 1) {
    slices.push(
      await call('nexus', 'POST', '/api/v1/temporal/slice', {
        tenant,
        body: { entityId: scope, timeframe: { lookback: 'PT1H', lookahead: 'PT1H' } },
      }),
    );
  }
  for (const slice of slices) {
    assert.equal(slice.status, 206, JSON.stringify(slice.body));
    assert.equal(slice.body.degraded, true);
  }
  assert.equal(slices.at(-1)!.headers.get('x-circuit-state-capsule'), 'OPEN');

  const capsuleHealth = await call('capsule', 'GET', '/actuator/health');
  assert.ok(capsuleHealth.body.components.outbox.details['odyssey-announcements'].depth >= 5);
  assert.equal((await counts()).odyssey, 5, 'ODYSSEY cannot hear of the new capsules yet');

  // Heal: announcements are delivered, the counts converge, the calls come back within 2 minutes.
  const healedAt = Date.now();
  heal();
  await waitFor(
    "ODYSSEY's count to converge to CAPSULE's",
    async () => {
      const now = await counts();
      return now.capsule === 10 && now.odyssey === 10 ? now : undefined;
    },
    120_000,
  );
  await waitFor(
    'ODYSSEY to orchestrate live again',
    async () => ((await orchestrate(scope)).body?.source === 'LIVE' ? true : undefined),
    120_000,
    1000,
  );
  await waitFor(
    'NEXUS to answer full slices again',
    async () =>
      (
        await call('nexus', 'POST', '/api/v1/temporal/slice', {
          tenant,
          body: { entityId: scope, timeframe: { lookback: 'PT1H', lookahead: 'PT1H' } },
        })
      ).status === 200
        ? true
        : undefined,
    120_000,
    1000,
  );
  process.stdout.write(`healed → cross-service calls restored in ${Date.now() - healedAt} ms\n`);
});
