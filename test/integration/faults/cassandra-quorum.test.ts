// Scenario A of the runbook on real engines: kill -9 one Cassandra node, then a second (quorum
// lost), while a client keeps writing; CAPSULE keeps answering as promised; heal; every
// acknowledged write is readable at quorum, none duplicated, and ODYSSEY saw each one.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, CapsuleWorkload, killPod, podPid, release, waitFor } from '../../harness/local-platform.ts';

// Where a read at ONE may take its time: the quorum read's own timeout (2 s), then one read at ONE.
const DEGRADED_READ_BUDGET_MS = 4_000;

after(() => {
  release('cassandra-1');
  release('cassandra-2');
});

async function cassandraHealth() {
  return (await call('capsule', 'GET', '/actuator/health/cassandra')).body;
}

async function prometheusText(): Promise<string> {
  const response = await fetch('http://127.0.1.2:8080/actuator/prometheus');
  return response.text();
}

/** The value of the first sample of `name` carrying `label` (e.g. `topic="capsule-writes"`). */
function sample(text: string, name: string, label: string): number | undefined {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && candidate.includes(label));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

test('Cassandra: one node down changes nothing; two down degrade reads and queue writes; after healing nothing is lost or doubled', async (t) => {
  const workload = new CapsuleWorkload(`rim:faults:cassandra-${Date.now()}`);
  const scope = workload.scopeId;
  assert.equal((await cassandraHealth()).details.nodesUp, 3);
  for (const answer of await workload.write(5)) assert.equal(answer.status, 201, JSON.stringify(answer.body));
  workload.start();
  t.after(() => workload.stop());

  // One node of three: LOCAL_QUORUM (2 of RF 3) still holds.
  await killPod('cassandra-1', { hold: true });
  // While the cluster learns of the dead node, a lightweight transaction it coordinated or still
  // waits on may outlast its budget: that write is queued (202) — acknowledged, never lost.
  for (const answer of await workload.write(10))
    assert.ok([201, 202].includes(answer.status), JSON.stringify(answer.body));
  const listed = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}&limit=5`, {
    tenant: workload.tenant,
  });
  assert.equal(listed.status, 200);
  assert.equal(listed.body.degraded, undefined);
  const oneDown = await waitFor(
    'the cassandra health component to show 127.0.2.2 DOWN',
    async () => {
      const health = await cassandraHealth();
      return health.details.nodes['127.0.2.2'] === 'DOWN' ? health : undefined;
    },
    20_000,
  );
  assert.equal(oneDown.status, 'UP');
  assert.equal(oneDown.details.nodesUp, 2);
  // Once it knows, one node down changes nothing: every write is stored at once.
  await waitFor(
    'writes stored directly with one node down',
    async () => ((await workload.write(1))[0]?.status === 201 ? true : undefined),
    30_000,
  );
  for (const answer of await workload.write(10))
    assert.equal(answer.status, 201, JSON.stringify(answer.body));

  // Two of three: the quorum is lost.
  await killPod('cassandra-2', { hold: true });
  const queued = await waitFor(
    'a write to be answered 202 QUEUED',
    async () => {
      const [answer] = await workload.write(1);
      return answer?.status === 202 ? answer : undefined;
    },
    30_000,
  );
  assert.equal(queued.body.status, 'QUEUED');
  assert.equal(queued.headers.get('x-butterfly-degraded'), 'cassandra-quorum-lost');
  for (const answer of await workload.write(5)) {
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.match(answer.body.capsuleId, /^[0-9a-f-]{36}$/);
  }

  const degradedReads = [];
  for (let i = 0; i < 5; i += 1) {
    degradedReads.push(
      await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}&limit=100`, {
        tenant: workload.tenant,
      }),
    );
  }
  for (const read of degradedReads) {
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.degraded, true);
    assert.equal(read.headers.get('x-butterfly-degraded'), 'cassandra-quorum-lost');
    assert.ok(read.body.totalElements >= 15, 'what was written before the outage is still served');
    assert.ok(read.ms < DEGRADED_READ_BUDGET_MS, `a degraded read took ${read.ms} ms`);
  }
  const byId = await call('capsule', 'GET', `/api/v1/capsules/${workload.acknowledged[0]!.capsuleId}`, {
    tenant: workload.tenant,
  });
  assert.equal(byId.status, 200);
  assert.equal(byId.body.degraded, true);

  const health = await call('capsule', 'GET', '/actuator/health');
  assert.equal(health.body.components.cassandra.status, 'DOWN');
  assert.equal(health.body.components.cassandra.details.nodesUp, 1);
  assert.ok(health.body.components.outbox.details['capsule-writes'].depth >= 6);
  const readiness = await call('capsule', 'GET', '/actuator/health/readiness');
  assert.equal(readiness.status, 200, 'a pod that serves degraded stays in rotation');
  const metrics = await prometheusText();
  assert.ok((sample(metrics, 'butterfly_outbox_depth', 'topic="capsule-writes"') ?? 0) >= 6);
  assert.ok((sample(metrics, 'butterfly_outbox_oldest_age_seconds', 'topic="capsule-writes"') ?? 0) > 0);
  assert.ok(
    (sample(metrics, 'butterfly_degraded_responses_total', 'reason="cassandra-quorum-lost"') ?? 0) >= 11,
  );

  // The queue is on disk: a CAPSULE crash while writes are queued loses none of them. (The
  // client pauses meanwhile: what it would see of a dead process is not CAPSULE's answer.)
  await workload.stop();
  const capsulePid = podPid('capsule-service');
  process.kill(capsulePid, 'SIGKILL');
  await waitFor(
    'capsule-service to be restarted and serve degraded again',
    async () => {
      const answer = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}&limit=1`, {
        tenant: workload.tenant,
      });
      return answer.status === 200 && podPid('capsule-service') !== capsulePid ? answer : undefined;
    },
    90_000,
  );
  const afterRestart = await call('capsule', 'GET', '/actuator/health');
  assert.ok(afterRestart.body.components.outbox.details['capsule-writes'].depth >= 6);
  workload.start();

  // Heal: the nodes come back, the quorum returns, the queue replays.
  release('cassandra-1');
  release('cassandra-2');
  await waitFor(
    "all three Cassandra nodes UP in CAPSULE's view",
    async () => {
      const health = await cassandraHealth();
      return health.status === 'UP' && health.details.nodesUp === 3 ? health : undefined;
    },
    180_000,
    1000,
  );
  const quorumBackAt = Date.now();
  await workload.stop();
  await waitFor(
    'the queued writes to be replayed',
    async () => {
      const depth = (await call('capsule', 'GET', '/actuator/health')).body.components.outbox.details[
        'capsule-writes'
      ].depth;
      return depth === 0 ? true : undefined;
    },
    60_000,
  );
  const queuedCount = workload.acknowledged.filter((entry) => entry.status === 202).length;
  process.stdout.write(
    `quorum back → ${queuedCount} queued writes replayed in ${Date.now() - quorumBackAt} ms; degraded reads ${degradedReads.map((read) => Math.round(read.ms)).join(', ')} ms\n`,
  );
  assert.ok(queuedCount >= 6);
  assert.deepEqual(
    [...workload.statuses.keys()].filter((status) => status !== 201 && status !== 202),
    [],
    `every write was acknowledged, stored or queued: ${JSON.stringify([...workload.statuses])}`,
  );

  // Every acknowledged write is there, read at quorum (not degraded), exactly once.
  for (const entry of workload.acknowledged) {
    const read = await call('capsule', 'GET', `/api/v1/capsules/${entry.capsuleId}`, {
      tenant: workload.tenant,
    });
    assert.equal(read.status, 200, `acknowledged ${entry.status} capsule ${entry.capsuleId} is lost`);
    assert.equal(read.body.degraded, undefined);
    assert.equal(read.body.dynamics.payload, entry.key);
  }
  const all = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}&limit=500`, {
    tenant: workload.tenant,
  });
  assert.equal(all.body.degraded, undefined);
  const ids = all.body.content.map((capsule: { capsuleId: string }) => capsule.capsuleId).sort();
  const acknowledged = [...new Set(workload.acknowledged.map((entry) => entry.capsuleId))].sort();
  assert.deepEqual(ids, acknowledged, 'zero lost, zero duplicated, nothing unexpected');
  assert.equal(all.body.totalElements, acknowledged.length);

  // ODYSSEY heard of every one, the replayed ones included.
  await waitFor(
    'ODYSSEY to count what CAPSULE holds',
    async () => {
      const entities = await call('odyssey', 'GET', `/api/v1/entities?entityId=${scope}&limit=1`, {
        tenant: workload.tenant,
      });
      return entities.body.totalElements === acknowledged.length ? true : undefined;
    },
    60_000,
  );
});
