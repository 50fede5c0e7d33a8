import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAMES } from '../../../src/kit/platform/index.ts';
import { freePorts } from '../../harness/free-ports.ts';

const BIN = fileURLToPath(new URL('../../../bin/butterfly.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-cluster-'));
let ports: number[] = [];

function butterfly(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function pidsOfState(): number[] {
  const state = JSON.parse(readFileSync(join(stateDir, 'cluster.json'), 'utf8'));
  return [
    state.supervisorPid,
    ...state.pods.map((p: { status?: { pid?: number } }) => p.status?.pid).filter(Boolean),
  ];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

before(async () => {
  ports = await freePorts(SERVICE_NAMES.length);
});

after(() => {
  // Whatever a failed assertion left running is stopped before the folder goes.
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly('down');
  rmSync(stateDir, { recursive: true, force: true });
});

test('up starts six services, golden-path passes, a killed pod is restarted, down leaves nothing behind', async () => {
  const portList = SERVICE_NAMES.map((name, i) => `${name}=${ports[i]}`).join(',');
  const up = butterfly('up', '--profile', 'embedded', '--ports', portList);
  assert.equal(up.code, 0, up.stderr + up.stdout);
  assert.match(up.stdout, /6 services ready in/);
  for (const pod of [
    'perception-api',
    'capsule-service',
    'odyssey-core',
    'plato-service',
    'nexus-service',
    'synapse-service',
  ]) {
    assert.match(up.stdout, new RegExp(`✓ ${pod}`));
  }

  const again = butterfly('up', '--profile', 'embedded', '--ports', portList);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already running/);

  const ps = butterfly('ps', '--json');
  assert.equal(ps.code, 0, ps.stderr);
  const pods = JSON.parse(ps.stdout).pods;
  assert.equal(pods.length, 6);
  assert.ok(pods.every((pod: { state: string }) => pod.state === 'Ready'));

  const golden = butterfly('golden-path', '--json');
  assert.equal(golden.code, 0, golden.stdout + golden.stderr);
  const result = JSON.parse(golden.stdout);
  assert.equal(result.passed, true);
  assert.deepEqual(
    result.checkpoints.map((c: { name: string; status: string }) => `${c.name}:${c.status}`),
    ['health', 'signal', 'capsule', 'observation', 'governance', 'plan', 'action', 'outcome'].map(
      (n) => `${n}:PASS`,
    ),
  );

  // kill -9 a service: the supervisor restarts it, like a StatefulSet controller.
  const capsule = pods.find((pod: { pod: string }) => pod.pod === 'capsule-service');
  process.kill(capsule.pid, 'SIGKILL');
  const deadline = Date.now() + 20_000;
  let restarted: { state: string; restarts: number; pid: number } | undefined;
  while (Date.now() < deadline) {
    const now = JSON.parse(butterfly('ps', '--json').stdout).pods.find(
      (pod: { pod: string }) => pod.pod === 'capsule-service',
    );
    if (now.state === 'Ready' && now.restarts === 1) {
      restarted = now;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(restarted, 'capsule-service came back');
  assert.notEqual(restarted.pid, capsule.pid);

  const pids = pidsOfState();
  const down = butterfly('down');
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /stopped 6 pods/);
  assert.deepEqual(pids.filter(alive), [], 'no process is left');
  assert.equal(existsSync(join(stateDir, 'cluster.json')), false);
  assert.match(butterfly('down').stdout, /nothing is running/);
});

test('up --foreground stops everything on Ctrl-C, even when the launcher forwards the signal too', async () => {
  const foregroundDir = mkdtempSync(join(tmpdir(), 'butterfly-foreground-'));
  const portList = SERVICE_NAMES.map((name, i) => `${name}=${ports[i]}`).join(',');
  // The system Node runs the launcher, which re-executes on Node 24: two processes in one group, as in a terminal.
  const child = spawn(
    '/usr/bin/node',
    [BIN, 'up', '--profile', 'embedded', '--foreground', '--ports', portList, '--state-dir', foregroundDir],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  try {
    const deadline = Date.now() + 60_000;
    let pids: number[] = [];
    while (Date.now() < deadline) {
      const ps = spawnSync(process.execPath, [BIN, 'ps', '--json', '--state-dir', foregroundDir], {
        encoding: 'utf8',
      });
      if (ps.status === 0) {
        pids = JSON.parse(ps.stdout).pods.map((pod: { pid: number }) => pod.pid);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(pids.length, 6, `all six ready; output so far:\n${output}`);
    process.kill(-child.pid!, 'SIGINT'); // what a terminal's Ctrl-C does: the whole process group
    const [code] = await exited;
    assert.equal(code, 0, output);
    assert.match(output, /stopped/);
    assert.deepEqual(pids.filter(alive), [], 'no pod is left running');
    assert.equal(existsSync(join(foregroundDir, 'cluster.json')), false);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    rmSync(foregroundDir, { recursive: true, force: true });
  }
});
