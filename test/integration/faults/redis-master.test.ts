// Scenario C of the runbook on real engines: kill -9 a Redis master. NEXUS treats every Redis
// error as a cache miss and serves slices from the sources; SYNAPSE enforces limits with its
// local limiter and says so; nobody sees an error; after the cluster promotes the replica both
// are back on Redis without restarts, and the old master rejoins as a replica.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, exec, killPod, liveRoles, podPid, release, waitFor } from '../../harness/local-platform.ts';

const TENANTS = Array.from({ length: 24 }, (_, i) => `faults-redis-${i}`);
const ENTITIES = Array.from({ length: 12 }, (_, i) => `rim:faults:redis-${i}`);
// A slice asks four sources and Redis twice (read, write), each Redis command bounded by 250 ms.
const SLICE_BUDGET_MS = 2000;

let killed: string | undefined;
after(() => {
  if (killed) release(killed);
});

async function slice(entityId: string) {
  return call('nexus', 'POST', '/api/v1/temporal/slice', {
    body: { entityId, timeframe: { lookback: 'PT1H', lookahead: 'PT1H' } },
  });
}

async function action(tenant: string) {
  return call('synapse', 'POST', '/api/v1/actions', {
    tenant,
    body: { toolId: 'noop.echo', parameters: {}, executionMode: 'DRY_RUN' },
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function redisMasters(): Promise<string[]> {
  const roles = await liveRoles();
  return [...roles]
    .filter(([pod, role]) => pod.startsWith('redis-') && role === 'master')
    .map(([pod]) => pod);
}

test('Redis: a master killed → NEXUS misses the cache, SYNAPSE limits locally, no client error; failover → both back on Redis', async () => {
  const masters = await redisMasters();
  assert.equal(masters.length, 3);
  const pids = ['nexus-service', 'synapse-service'].map((pod) => podPid(pod));
  const healthy = [];
  for (const entity of ENTITIES) healthy.push(await slice(entity));
  for (const answer of healthy) assert.equal(answer.status, 200, JSON.stringify(answer.body));
  for (const tenant of TENANTS) {
    const answer = await action(tenant);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers.get('x-ratelimit-limiter'), 'redis');
  }

  killed = masters[0]!;
  await killPod(killed, { hold: true });

  // Before the cluster notices (node timeout 5 s), a third of the slots have no master.
  const during = [];
  for (const entity of ENTITIES) during.push(await slice(entity));
  for (const answer of during) {
    assert.equal(
      answer.status,
      200,
      `a Redis failure reached a NEXUS client: ${JSON.stringify(answer.body)}`,
    );
    assert.ok(answer.ms < SLICE_BUDGET_MS, `a slice took ${answer.ms} ms`);
  }
  const limiters = new Map<string, number>();
  for (const tenant of TENANTS) {
    const answer = await action(tenant);
    assert.equal(
      answer.status,
      200,
      `a Redis failure reached a SYNAPSE client: ${JSON.stringify(answer.body)}`,
    );
    const limiter = answer.headers.get('x-ratelimit-limiter') ?? 'none';
    limiters.set(limiter, (limiters.get(limiter) ?? 0) + 1);
  }
  assert.ok(
    (limiters.get('local') ?? 0) > 0,
    `some tenants' keys lived on ${killed}: ${JSON.stringify([...limiters])}`,
  );
  const nexusHealth = await call('nexus', 'GET', '/actuator/health');
  assert.equal(nexusHealth.status, 200, 'Redis is not part of NEXUS readiness');
  process.stdout.write(
    `slice median healthy ${median(healthy.map((a) => a.ms)).toFixed(1)} ms, with a master down ${median(during.map((a) => a.ms)).toFixed(1)} ms\n`,
  );

  // The cluster promotes the dead master's replica; both services go back to Redis by themselves.
  await waitFor(
    'the Redis Cluster to promote a replica (cluster_state ok)',
    async () => {
      const survivor = (await redisMasters()).find((pod) => pod !== killed);
      if (!survivor) return undefined;
      const info = exec(survivor, 'redis-cli', 'cluster', 'info');
      return info.includes('cluster_state:ok') && (await redisMasters()).length === 3 ? info : undefined;
    },
    60_000,
    1000,
  );
  await waitFor(
    'every tenant to be limited through Redis again',
    async () => {
      for (const tenant of TENANTS) {
        const answer = await action(tenant);
        if (answer.status !== 200 || answer.headers.get('x-ratelimit-limiter') !== 'redis') return undefined;
      }
      return true;
    },
    60_000,
    1000,
  );
  await waitFor(
    "NEXUS's redis component UP",
    async () =>
      (await call('nexus', 'GET', '/actuator/health/redis')).body?.status === 'UP' ? true : undefined,
    60_000,
  );
  for (const entity of ENTITIES) assert.equal((await slice(entity)).status, 200);
  assert.deepEqual(
    ['nexus-service', 'synapse-service'].map((pod) => podPid(pod)),
    pids,
    'no service was restarted',
  );

  // The old master comes back and joins as a replica.
  release(killed);
  await waitFor(
    `${killed} to rejoin as a replica`,
    async () => ((await liveRoles()).get(killed!) === 'replica' ? true : undefined),
    90_000,
    1000,
  );
  killed = undefined;
});
