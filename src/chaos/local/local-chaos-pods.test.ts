import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeClusterState, localTopology } from '../../cluster/index.ts';
import { localChaosPods } from './local-chaos-pods.ts';

test('the local cluster’s pods with their labels, uids and live roles (Patroni leader → primary)', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'bfy-chaos-pods-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  writeClusterState({
    profile: 'local',
    stateDir,
    supervisorPid: 1,
    startedAt: 0,
    pods: localTopology().pods.map((pod) => ({ pod, url: '', logFile: '', status: undefined })),
  });
  const asked: string[] = [];
  const pods = await localChaosPods(stateDir, async (dir) => {
    asked.push(dir);
    return new Map([
      ['postgres-0', 'replica'],
      ['postgres-1', 'leader'],
      ['redis-2', 'master'],
    ]);
  });
  assert.deepEqual(asked, [stateDir]);
  const byName = new Map(pods.map((pod) => [pod.name, pod]));
  assert.equal(pods.length, 19);
  assert.deepEqual(byName.get('postgres-1')?.labels, { app: 'postgres', tier: 'engine', role: 'primary' });
  assert.equal(byName.get('postgres-0')?.labels.role, 'replica');
  assert.equal(byName.get('redis-2')?.labels.role, 'master');
  assert.equal(byName.get('cassandra-1')?.uid, 2111);
  assert.equal(byName.get('cassandra-1')?.labels.role, undefined);
  assert.deepEqual(byName.get('capsule-service'), {
    name: 'capsule-service',
    address: '127.0.1.2',
    namespace: 'butterfly',
    labels: { app: 'capsule', tier: 'service' },
  });
});

test('without a recorded cluster there are no pods to select, and the error says how to start one', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'bfy-chaos-pods-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  await assert.rejects(localChaosPods(stateDir), {
    code: 'BFY_ERR_CHAOS_INJECTION_FAILED',
    message: /butterfly up --profile local/,
  });
});
