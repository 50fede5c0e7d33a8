// The local engine tier as an operator drives it: `up --profile local --only engines`, `ps`,
// `exec`, a kill -9, `down`. Needs root and `butterfly setup`; fails (never skips) without them.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineProcesses } from '../../../src/cluster/local/index.ts';

const BIN = fileURLToPath(new URL('../../../bin/butterfly.js', import.meta.url));
// Engine pods run as their own uids: the state folder must be reachable by them.
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-local-cli-'));

function butterfly(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 400_000,
    env: { ...process.env, BUTTERFLY_STATE_DIR: stateDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

after(() => {
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly('down');
  rmSync(stateDir, { recursive: true, force: true });
});

test('up --profile local --only engines, ps with live roles, exec, a restarted pod, down leaves nothing', async () => {
  const up = butterfly('up', '--profile', 'local', '--only', 'engines');
  assert.equal(up.code, 0, up.stdout + up.stderr);
  for (const engine of ['etcd', 'redis', 'postgres', 'cassandra'])
    assert.match(up.stdout, new RegExp(`✓ ${engine} ready`));
  assert.match(up.stdout, /12 pods ready in/);

  const ps = butterfly('ps', '--json');
  assert.equal(ps.code, 0, ps.stderr);
  const pods: { pod: string; role: string; state: string; pid: number; restarts: number }[] = JSON.parse(
    ps.stdout,
  ).pods;
  assert.equal(pods.length, 12);
  assert.ok(pods.every((pod) => pod.state === 'Running'));
  assert.deepEqual(
    pods
      .filter((pod) => pod.pod.startsWith('postgres'))
      .map((pod) => pod.role)
      .sort(),
    ['leader', 'replica'],
  );
  assert.equal(pods.filter((pod) => pod.pod.startsWith('redis') && pod.role === 'master').length, 3);

  const nodetool = butterfly('exec', 'cassandra-0', '--', 'nodetool', 'status');
  assert.equal(nodetool.code, 0, nodetool.stderr);
  assert.equal(nodetool.stdout.match(/^UN\s+127\.0\.2\.\d/gm)?.length, 3, nodetool.stdout);
  const patroni = butterfly('exec', 'postgres-0', '--', 'patronictl', 'list');
  assert.match(patroni.stdout, /Leader/);
  assert.match(patroni.stdout, /Replica/);
  const info = butterfly('exec', 'redis-0', '--', 'redis-cli', 'cluster', 'info');
  assert.match(info.stdout, /cluster_state:ok/);
  const unknown = butterfly('exec', 'redis-0', '--', 'nodetool', 'status');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /tools: redis-cli/);

  const replica = pods.find((pod) => pod.pod.startsWith('redis') && pod.role === 'replica')!;
  process.kill(replica.pid, 'SIGKILL');
  const deadline = Date.now() + 30_000;
  let back = false;
  while (!back && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = JSON.parse(butterfly('ps', '--json').stdout).pods.find(
      (pod: { pod: string }) => pod.pod === replica.pod,
    );
    back = now.state === 'Running' && now.restarts === 1 && now.pid !== replica.pid;
  }
  assert.ok(back, `${replica.pod} was restarted by the supervisor`);

  const down = butterfly('down');
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /stopped 12 pods/);
  assert.deepEqual(engineProcesses(), [], 'no process runs under an engine uid');
  assert.equal(existsSync(join(stateDir, 'cluster.json')), false);
});
