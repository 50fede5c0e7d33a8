import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { systemClock } from '../../../src/kit/time/index.ts';
import type { Fault } from '../../../src/chaos/spec/experiment.ts';
import { cleanupLocal } from '../../../src/chaos/local/index.ts';
import { injectLocal } from '../../../src/chaos/kinds/index.ts';
import { probeConnections } from '../../../src/chaos/local/network/connect-probe.ts';
import { markedProcesses } from '../../../src/chaos/local/process/chaos-process.ts';
import { stateTag } from '../../../src/chaos/local/journal/state-tag.ts';
import {
  TEST_ENGINE_UID,
  anySelector,
  assertNothingLeft,
  chaosPod,
  closeServer,
  echoServer,
  roundTrip,
  stateDirFor,
  uidEchoServer,
  writeTestCluster,
  type TestPod,
} from './chaos-local-harness.ts';

const PORT = 18121;
const a: TestPod = { name: 'svc-a', address: '127.0.9.121', port: PORT };
const b: TestPod = { name: 'svc-b', address: '127.0.9.122', port: PORT };
const c: TestPod = { name: 'svc-c', address: '127.0.9.123', port: PORT };
const engine: TestPod = { name: 'engine-0', address: '127.0.9.124', port: PORT, uid: TEST_ENGINE_UID };

const delay = (direction: 'to' | 'from' | 'both'): Fault => ({
  kind: 'NetworkChaos',
  action: 'delay',
  selector: anySelector,
  direction,
  delay: { latencyMs: 300, jitterMs: 50, correlation: 0 },
});

test('delay holds what the selected pod sends for latency ± jitter, through a proxy that goes on recovery', async (t) => {
  const stateDir = stateDirFor(t);
  const servers = await Promise.all([a, b, c].map((pod) => echoServer(pod.address, pod.port)));
  t.after(() => Promise.all(servers.map(closeServer)));
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(
    stateDir,
    [a, b, c].map((pod) => ({ ...pod, pid: process.pid })),
  );

  // A connection from before the fault: DNAT would never see it, so injection resets it.
  const old = connect({ host: b.address, port: PORT, localAddress: a.address });
  const oldClosed = new Promise<string>((resolve) => {
    old.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    old.on('close', () => resolve('closed'));
  });
  await new Promise((resolve) => old.once('connect', resolve));

  const fault = await injectLocal(delay('to'), [chaosPod(a)], [chaosPod(b)], {
    stateDir,
    clock: systemClock,
  });
  assert.match(await oldClosed, /ECONNABORTED|ECONNRESET|closed/);
  const delayed = await roundTrip(
    { host: b.address, port: PORT },
    { localAddress: a.address, timeoutMs: 3000 },
  );
  assert.equal(typeof delayed, 'number');
  assert.ok((delayed as number) >= 250, `a → b took ${delayed} ms, at least 250 expected`);
  const direct = await roundTrip(
    { host: b.address, port: PORT },
    { localAddress: c.address, timeoutMs: 3000 },
  );
  assert.ok((direct as number) < 250, `c → b is not delayed (${direct} ms)`);
  const bites = await fault.proveBites();
  assert.ok(bites.ok, bites.detail);
  assert.match(bites.detail, /steered through the proxy/);
  assert.equal(markedProcesses(`--bfy-chaos=${stateTag(stateDir)}:`).length, 1, 'one proxy runs');

  await fault.recover();
  const gone = await fault.proveGone();
  assert.ok(gone.ok, gone.detail);
  const after = await roundTrip(
    { host: b.address, port: PORT },
    { localAddress: a.address, timeoutMs: 3000 },
  );
  assert.ok((after as number) < 250, `a → b is direct again (${after} ms)`);
  await assertNothingLeft(stateDir);
});

test("without a target, delay holds an engine pod's answers and what it sends to the rest of the cluster", async (t) => {
  const stateDir = stateDirFor(t);
  const server = await echoServer(b.address, PORT);
  const engineServer = await uidEchoServer(engine.address, PORT, TEST_ENGINE_UID);
  t.after(() => closeServer(server));
  t.after(() => engineServer.kill('SIGKILL'));
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(stateDir, [
    { ...engine, pid: engineServer.pid! },
    { ...b, pid: process.pid },
  ]);
  const fault = await injectLocal(delay('to'), [chaosPod(engine)], [], { stateDir, clock: systemClock });

  const answer = await roundTrip({ host: engine.address, port: PORT }, { timeoutMs: 3000 });
  assert.ok((answer as number) >= 250, `the engine answers after ${answer} ms`);
  const outgoing = await probeConnections(
    { uid: TEST_ENGINE_UID },
    { host: b.address, port: PORT },
    {
      count: 1,
      timeoutMs: 2000,
      send: 'ping',
      replyWithinMs: 3000,
    },
  );
  assert.ok(
    outgoing.replyAfterMs[0]! >= 250,
    `the engine's own call to b takes ${outgoing.replyAfterMs[0]} ms`,
  );
  const rootCall = await roundTrip({ host: b.address, port: PORT }, { timeoutMs: 3000 });
  assert.ok((rootCall as number) < 250, `other callers of b are not delayed (${rootCall} ms)`);
  const bites = await fault.proveBites();
  assert.ok(bites.ok, bites.detail);

  await fault.recover();
  assert.ok(((await roundTrip({ host: engine.address, port: PORT }, { timeoutMs: 3000 })) as number) < 250);
  await assertNothingLeft(stateDir);
});

const UID_CLIENT = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const socket = net.connect({ host, port: Number(port) }, () => process.stdout.write('connected\\n'));
socket.on('error', () => {});
socket.on('close', () => { process.stdout.write('closed\\n'); process.exit(0); });
`;

/** A connection held open by a process of `uid` (an engine pod's own call); its lines, as they come. */
function uidClient(uid: number, host: string, port: number): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['-e', UID_CLIENT, host, String(port)], {
    uid,
    gid: uid,
    cwd: '/',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  return { child, lines };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

function echoOnce(socket: Socket, timeoutMs: number): Promise<number | 'timeout'> {
  const started = performance.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    socket.once('data', () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
    socket.write('ping');
  });
}

test("an engine pod's delay resets only its own connections: a root client's to the same destination survives", async (t) => {
  const stateDir = stateDirFor(t);
  const server = await echoServer(b.address, PORT);
  const engineServer = await uidEchoServer(engine.address, PORT, TEST_ENGINE_UID);
  t.after(() => closeServer(server));
  t.after(() => engineServer.kill('SIGKILL'));
  t.after(() => cleanupLocal(stateDir));
  writeTestCluster(stateDir, [
    { ...engine, pid: engineServer.pid! },
    { ...b, pid: process.pid },
  ]);

  // Both from 127.0.0.1 to b, established before the fault: one the engine's (steered by its
  // uid, so reset), one root's (as a service's client is: no route steers it, so kept).
  const engineCall = uidClient(TEST_ENGINE_UID, b.address, PORT);
  t.after(() => engineCall.child.kill('SIGKILL'));
  assert.ok(await until(() => engineCall.lines.includes('connected'), 3000), 'the engine connects to b');
  const rootCall = connect({ host: b.address, port: PORT });
  t.after(() => rootCall.destroy());
  let rootClosed = false;
  rootCall.on('error', () => {});
  rootCall.on('close', () => (rootClosed = true));
  await new Promise((resolve) => rootCall.once('connect', resolve));

  const fault = await injectLocal(delay('to'), [chaosPod(engine)], [], { stateDir, clock: systemClock });
  assert.ok(
    await until(() => engineCall.lines.includes('closed'), 3000),
    "the engine's old connection to b is reset, to reconnect through the proxy",
  );
  const echo = await echoOnce(rootCall, 3000);
  assert.equal(rootClosed, false, "the root client's connection to b survives the injection");
  assert.ok(typeof echo === 'number' && echo < 250, `and still answers, undelayed (${echo})`);

  await fault.recover();
  await assertNothingLeft(stateDir);
});
