import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeClusterState, type ClusterState } from '../../../src/cluster/cluster-state.ts';
import { holdChecker } from '../../../src/cluster/pod-holds.ts';
import { Supervisor, type PodStatus } from '../../../src/cluster/supervisor/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import type { Fault } from '../../../src/chaos/spec/experiment.ts';
import { cleanupLocal } from '../../../src/chaos/local/index.ts';
import { injectLocal } from '../../../src/chaos/kinds/index.ts';
import { processTable } from '../../../src/chaos/local/process/process-table.ts';
import {
  TEST_ENGINE_UID,
  anySelector,
  assertNothingLeft,
  chaosPod,
  stateDirFor,
  type TestPod,
} from './chaos-local-harness.ts';

const PORT = 18131;
const service: TestPod = { name: 'svc-x', address: '127.0.9.131', port: PORT };
const engine: TestPod = { name: 'engine-x', address: '127.0.9.132', port: PORT, uid: TEST_ENGINE_UID };

// A pod program: an echo server; with `detach`, it also starts a process in a session of its own
// that outlives it — as Patroni starts PostgreSQL — which a pod kill must still take down.
const POD_PROGRAM = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [address, port, detach, token] = process.argv.slice(2);
if (detach === 'yes') spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', token], { detached: true, stdio: 'ignore' }).unref();
net.createServer((s) => { s.on('error', () => {}); s.pipe(s); }).listen(Number(port), address);
`;

/** A real supervisor running the two pods and keeping cluster.json as the local profile does. */
function startCluster(t: { after(fn: () => unknown): void }, stateDir: string) {
  const programDir = mkdtempSync(join(tmpdir(), 'bfy-chaos-pods-'));
  chmodSync(programDir, 0o755);
  const program = join(programDir, 'pod.cjs');
  writeFileSync(program, POD_PROGRAM, { mode: 0o644 });
  const token = `bfy-chaos-test-${programDir}`;
  const pods = [service, engine];
  const state: ClusterState = {
    profile: 'local',
    stateDir,
    supervisorPid: process.pid,
    startedAt: Date.now(),
    phase: 'ready',
    pods: pods.map((pod) => ({
      pod: {
        name: pod.name,
        namespace: 'butterfly',
        labels: { app: pod.name },
        address: pod.address,
        ports: { main: pod.port },
        ...(pod.uid ? { uid: pod.uid } : {}),
      },
      url: `${pod.address}:${pod.port}`,
      logFile: join(stateDir, `${pod.name}.log`),
      status: undefined,
    })),
  };
  const supervisor = new Supervisor({
    specs: [
      {
        id: service.name,
        command: process.execPath,
        args: [program, service.address, String(PORT), 'no', token],
        env: {},
        logFile: join(stateDir, 'svc.log'),
      },
      {
        id: engine.name,
        command: 'setpriv',
        args: [
          '--reuid',
          String(TEST_ENGINE_UID),
          '--regid',
          String(TEST_ENGINE_UID),
          '--clear-groups',
          process.execPath,
          program,
          engine.address,
          String(PORT),
          'yes',
          token,
        ],
        env: {},
        logFile: join(stateDir, 'engine.log'),
      },
    ],
    clock: systemClock,
    backoff: { initialMs: 300, maxMs: 1000, stableAfterMs: 30_000 },
    isHeld: holdChecker(stateDir),
    holdPollMs: 100,
    onChange: (statuses: PodStatus[]) => {
      for (const status of statuses)
        state.pods.find((entry) => entry.pod.name === status.id)!.status = status;
      writeClusterState(state);
    },
  });
  supervisor.start();
  t.after(async () => {
    await supervisor.shutdown();
    for (const info of processTable()) if (info.cmdline.includes(token)) process.kill(info.pid, 'SIGKILL');
    rmSync(programDir, { recursive: true, force: true });
  });
  const status = (name: string) => supervisor.status().find((entry) => entry.id === name)!;
  const ofToken = () => processTable().filter((info) => info.cmdline.includes(token));
  return { status, ofToken };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const started = Date.now(); !check(); await new Promise((resolve) => setTimeout(resolve, 50)))
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting until ${what}`);
}

const podChaos = (action: 'pod-kill' | 'container-kill' | 'pod-failure'): Fault => ({
  kind: 'PodChaos',
  action,
  selector: anySelector,
});

test('pod-kill takes down the whole pod, its detached processes too, and the supervisor restarts it', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir));
  const cluster = startCluster(t, stateDir);
  await until(
    'the engine pod and its detached process run',
    () => cluster.ofToken().filter((info) => info.uid === TEST_ENGINE_UID).length === 2,
  );
  const before = cluster.ofToken().filter((info) => info.uid === TEST_ENGINE_UID);
  const firstPid = cluster.status(engine.name).pid;

  const fault = await injectLocal(podChaos('pod-kill'), [chaosPod(engine)], [], {
    stateDir,
    clock: systemClock,
  });
  const bites = await fault.proveBites();
  assert.ok(bites.ok, bites.detail);
  const alive = new Set(processTable().map((info) => `${info.pid}:${info.startTicks}`));
  for (const info of before)
    assert.ok(!alive.has(`${info.pid}:${info.startTicks}`), `process ${info.pid} (${info.cmdline}) is gone`);
  assert.equal(cluster.status(service.name).restarts, 0, 'the other pod is untouched');

  await until(
    'the supervisor restarted the pod',
    () => cluster.status(engine.name).state === 'running' && cluster.status(engine.name).pid !== firstPid,
  );
  assert.equal(cluster.status(engine.name).restarts, 1);
  await fault.recover();
  const gone = await fault.proveGone();
  assert.ok(gone.ok, gone.detail);
  assert.match(gone.detail, /engine-x running again as pid \d+/);
  await assertNothingLeft(stateDir);
});

test('pod-failure holds the pod down for as long as the fault lasts, and recovery lets it start again', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir));
  const cluster = startCluster(t, stateDir);
  await until('the service pod runs', () => cluster.status(service.name).state === 'running');

  const fault = await injectLocal(podChaos('pod-failure'), [chaosPod(service)], [], {
    stateDir,
    clock: systemClock,
  });
  assert.ok(existsSync(join(stateDir, 'holds', service.name)));
  await until('the supervisor holds the pod', () => cluster.status(service.name).state === 'held');
  // Several backoffs and hold polls pass: still down.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(cluster.status(service.name).state, 'held');
  assert.equal(cluster.status(service.name).pid, undefined);
  const bites = await fault.proveBites();
  assert.ok(bites.ok, bites.detail);
  assert.match(bites.detail, /held down, not restarted/);

  await fault.recover();
  assert.ok(!existsSync(join(stateDir, 'holds', service.name)));
  await until('the released pod runs again', () => cluster.status(service.name).state === 'running');
  const gone = await fault.proveGone();
  assert.ok(gone.ok, gone.detail);
  await assertNothingLeft(stateDir);
});

test('container-kill kills the pod process and its group, like pod-kill', async (t) => {
  const stateDir = stateDirFor(t);
  t.after(() => cleanupLocal(stateDir));
  const cluster = startCluster(t, stateDir);
  await until('the service pod runs', () => cluster.status(service.name).state === 'running');
  const firstPid = cluster.status(service.name).pid;
  const fault = await injectLocal(
    { ...podChaos('container-kill'), containerNames: ['svc'] } as Fault,
    [chaosPod(service)],
    [],
    { stateDir, clock: systemClock },
  );
  const bites = await fault.proveBites();
  assert.ok(bites.ok, bites.detail);
  assert.match(fault.differences.join(' '), /single process tree/);
  await until(
    'restarted',
    () => cluster.status(service.name).pid !== firstPid && cluster.status(service.name).state === 'running',
  );
  await fault.recover();
  await assertNothingLeft(stateDir);
});
