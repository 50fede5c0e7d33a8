// Scenario B of the runbook on real engines: kill -9 the Patroni leader. Reads go on from the
// replica, writes fail fast with 503 BFY_ERR_WRITE_UNAVAILABLE and Retry-After, evaluations go on; Patroni
// promotes the replica and writes resume with no service restarted. Then both members down:
// evaluations serve the cached policies (CACHE, with their age). Everything heals.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { call, killPod, podPid, postgresRoles, release, waitFor } from '../../harness/local-platform.ts';

const tenant = `faults-pg-${Date.now()}`;
// A write that fails fast answers well within this, not after a TCP or statement timeout.
const FAST_FAIL_BUDGET_MS = 1000;

after(() => {
  release('postgres-0');
  release('postgres-1');
});

function policyBody(name: string) {
  return {
    namespace: 'faults',
    name,
    policyType: 'GOVERNANCE',
    rules: [{ ruleId: 'deny-delete', condition: "action.type == 'DELETE'", action: 'DENY' }],
  };
}

const evaluation = {
  rimNodeId: 'rim:faults:pg',
  action: { type: 'DELETE', parameters: {} },
  context: {},
};

async function createPolicy() {
  return call('plato', 'POST', '/api/v1/policies', { tenant, body: policyBody(`p-${randomUUID()}`) });
}

test('PostgreSQL: leader killed → replica reads, fast 503 writes, evaluations; promotion → writes resume without restarts; both down → cached policies', async () => {
  const before = await postgresRoles();
  assert.ok(before.leader, 'a Patroni leader');
  assert.equal(before.streaming, 1, 'the replica streams before the fault');
  const created = await createPolicy();
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const live = await call('plato', 'POST', '/api/v1/governance/evaluate', { tenant, body: evaluation });
  assert.equal(live.status, 200);
  assert.equal(live.body.policySource, 'LIVE');
  assert.equal(live.body.decision, 'DENY');
  const servicePids = ['plato-service', 'odyssey-core', 'perception-api'].map((pod) => podPid(pod));

  // The leader dies.
  const oldLeader = before.leader;
  await killPod(oldLeader, { hold: true });
  const killedAt = Date.now();

  const failed = [];
  for (let i = 0; i < 10; i += 1) failed.push(await createPolicy());
  const stillLeaderless = failed.filter((answer) => answer.status !== 201);
  assert.ok(stillLeaderless.length >= 5, 'Patroni needs its TTL before it promotes: writes fail meanwhile');
  for (const answer of stillLeaderless) {
    assert.equal(answer.status, 503, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, 'BFY_ERR_WRITE_UNAVAILABLE');
    assert.ok(Number(answer.headers.get('retry-after')) > 0, 'Retry-After');
    assert.ok(answer.ms < FAST_FAIL_BUDGET_MS, `a write took ${answer.ms} ms to fail`);
  }

  const read = await call('plato', 'GET', `/api/v1/policies/${created.body.id}`, { tenant });
  assert.equal(read.status, 200, 'reads go on from the replica');
  const listed = await call('plato', 'GET', '/api/v1/governance/policies?namespace=faults', { tenant });
  assert.equal(listed.status, 200);
  const entities = await call('odyssey', 'GET', '/api/v1/entities?entityId=rim:faults:pg', { tenant });
  assert.equal(entities.status, 200);
  const duringFault = await call('plato', 'POST', '/api/v1/governance/evaluate', {
    tenant,
    body: evaluation,
  });
  assert.equal(duringFault.status, 200);
  assert.equal(duringFault.body.decision, 'DENY');

  // Patroni promotes the replica; the first write after it succeeds without any restart.
  const promoted = await waitFor(
    'Patroni to promote the replica',
    async () => {
      const roles = await postgresRoles();
      return roles.leader && roles.leader !== oldLeader
        ? { at: Date.now(), leader: roles.leader }
        : undefined;
    },
    60_000,
    250,
  );
  const firstWrite = await waitFor(
    'the first write after the promotion',
    async () => {
      const answer = await createPolicy();
      return answer.status === 201 ? Date.now() : undefined;
    },
    30_000,
    100,
  );
  process.stdout.write(
    `leader killed → promoted ${promoted.at - killedAt} ms; promoted → first write ${firstWrite - promoted.at} ms\n`,
  );
  assert.ok(firstWrite - promoted.at < 10_000, 'writes resume within 10 s of the promotion');
  assert.deepEqual(
    ['plato-service', 'odyssey-core', 'perception-api'].map((pod) => podPid(pod)),
    servicePids,
    'no service was restarted',
  );

  // The old leader comes back as a replica of the new one.
  release(oldLeader);
  await waitFor(
    'the old leader to stream from the new one',
    async () => {
      const roles = await postgresRoles();
      return roles.leader === promoted.leader && roles.streaming === 1 ? roles : undefined;
    },
    120_000,
    1000,
  );

  // Both members down: the policies come from PLATO's cache, which says how old they are.
  await killPod('postgres-0', { hold: true });
  await killPod('postgres-1', { hold: true });
  const cached = await waitFor(
    'an evaluation answered from the policy cache',
    async () => {
      const answer = await call('plato', 'POST', '/api/v1/governance/evaluate', { tenant, body: evaluation });
      return answer.body?.policySource === 'CACHE' ? answer : undefined;
    },
    60_000,
  );
  assert.equal(cached.status, 200);
  assert.equal(cached.body.decision, 'DENY', 'the cached policy still denies');
  assert.ok(cached.body.cacheAgeSeconds >= 0);
  const noStore = await createPolicy();
  assert.equal(noStore.status, 503);

  release('postgres-0');
  release('postgres-1');
  await waitFor(
    'a leader and a streaming replica again',
    async () => {
      const roles = await postgresRoles();
      return roles.leader && roles.streaming === 1 ? roles : undefined;
    },
    180_000,
    1000,
  );
  await waitFor(
    'writes and LIVE evaluations again',
    async () => {
      const write = await createPolicy();
      const answer = await call('plato', 'POST', '/api/v1/governance/evaluate', { tenant, body: evaluation });
      return write.status === 201 && answer.body?.policySource === 'LIVE' ? true : undefined;
    },
    90_000,
    1000,
  );
});
