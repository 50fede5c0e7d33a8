/**
 * Pods for the local injectors' tests, no engines needed: TCP/UDP servers on 127.0.9.x as
 * service pods, a server process running as a uid of its own as an engine pod, and the
 * `cluster.json` that describes them, as `butterfly up --profile local` would write it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeClusterState } from '../../../src/cluster/cluster-state.ts';
import type { PodSelector } from '../../../src/chaos/spec/experiment.ts';
import type { SelectablePod as ChaosPod } from '../../../src/chaos/selectors/index.ts';
import { listRules } from '../../../src/chaos/local/iptables/iptables.ts';
import { readEntries, stateTag } from '../../../src/chaos/local/index.ts';
import { markedProcesses } from '../../../src/chaos/local/process/chaos-process.ts';

/** The uid the tests' engine-like pods run as: no passwd entry needed, none of the engines'. */
export const TEST_ENGINE_UID = 2199;

/** A pod of a test cluster. */
export interface TestPod {
  name: string;
  address: string;
  port: number;
  uid?: number;
  pid?: number;
  labels?: Record<string, string>;
}

/** A fresh state folder, removed after the test. */
export function stateDirFor(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-chaos-local-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes the cluster.json a local cluster with these pods would have. */
export function writeTestCluster(stateDir: string, pods: readonly TestPod[]): void {
  writeClusterState({
    profile: 'local',
    stateDir,
    supervisorPid: process.pid,
    startedAt: Date.now(),
    phase: 'ready',
    pods: pods.map((pod) => ({
      pod: {
        name: pod.name,
        namespace: 'butterfly',
        labels: pod.labels ?? { app: pod.name },
        address: pod.address,
        ports: { main: pod.port },
        ...(pod.uid === undefined ? {} : { uid: pod.uid }),
      },
      url: `${pod.address}:${pod.port}`,
      logFile: '/dev/null',
      status: pod.pid
        ? {
            id: pod.name,
            state: 'running',
            pid: pod.pid,
            restarts: 0,
            startedAt: Date.now(),
            lastExit: undefined,
          }
        : undefined,
    })),
  });
}

/** The pod as a selector resolves it. */
export function chaosPod(pod: TestPod): ChaosPod {
  return {
    name: pod.name,
    address: pod.address,
    labels: pod.labels ?? { app: pod.name },
    namespace: 'butterfly',
    ...(pod.uid === undefined ? {} : { uid: pod.uid }),
  };
}

/** A selector; the tests pass resolved pods, so only its shape matters. */
export const anySelector: PodSelector = {
  namespaces: ['butterfly'],
  labelSelectors: {},
  fieldSelectors: {},
  pods: {},
  mode: 'all',
};

const open = new WeakMap<Server, Set<Socket>>();

/** A TCP echo server on the pod's address. */
export async function echoServer(address: string, port: number): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  open.set(server, sockets);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  return server;
}

/** Closes a server and the connections it holds. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of open.get(server) ?? []) socket.destroy();
  });
}

const UID_SERVER = `
const net = require('node:net');
const [address, port] = process.argv.slice(1);
net.createServer((s) => { s.on('error', () => {}); s.pipe(s); })
  .listen(Number(port), address, () => process.stdout.write('ready\\n'));
`;

/** An echo server process running as a uid of its own: an engine pod. */
export async function uidEchoServer(address: string, port: number, uid: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', UID_SERVER, address, String(port)], {
    uid,
    gid: uid,
    cwd: '/',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await Promise.race([
    new Promise<string[]>((resolve) =>
      createInterface({ input: child.stdout }).once('line', (l) => resolve([l])),
    ),
    new Promise<string[]>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`uid server exited ${code}`))),
    ),
  ]);
  assert.equal(line, 'ready');
  return child;
}

/** One round trip through a TCP connection from `localAddress`: milliseconds, or 'timeout'. */
export function roundTrip(
  target: { host: string; port: number },
  options: { localAddress?: string; timeoutMs: number },
): Promise<number | 'timeout' | 'error'> {
  return import('node:net').then(
    ({ connect }) =>
      new Promise((resolve) => {
        const started = performance.now();
        const socket = connect({
          ...target,
          ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        });
        const timer = setTimeout(() => {
          socket.destroy();
          resolve('timeout');
        }, options.timeoutMs);
        socket.on('error', () => {
          clearTimeout(timer);
          resolve('error');
        });
        socket.on('connect', () => socket.write('ping'));
        socket.once('data', () => {
          clearTimeout(timer);
          socket.destroy();
          resolve(performance.now() - started);
        });
      }),
  );
}

/** How many of `count` UDP datagrams from `from` reach `to` (a receiver bound there). */
export async function udpDelivered(from: string, to: string, port: number, count: number): Promise<number> {
  const receiver = createSocket('udp4');
  let received = 0;
  receiver.on('message', () => (received += 1));
  await new Promise<void>((resolve) => receiver.bind(port, to, resolve));
  const sender = createSocket('udp4');
  await new Promise<void>((resolve) => sender.bind(0, from, resolve));
  const payload = Buffer.from('x');
  for (let n = 0; n < count; n += 1) {
    await new Promise<void>((resolve) => sender.send(payload, port, to, () => resolve()));
    // The receiver is in this process: pause now and then so it drains its socket buffer.
    if (n % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  sender.close();
  receiver.close();
  return received;
}

/** Asserts that nothing of this state folder's faults remains: rules, chaos processes, journal entries. */
export async function assertNothingLeft(stateDir: string): Promise<void> {
  const tag = `bfy-chaos:${stateTag(stateDir)}:`;
  for (const table of ['filter', 'nat'] as const) {
    const ours = (await listRules(table)).filter((rule) => rule.comment?.startsWith(tag));
    assert.deepEqual(ours, [], `no ${table} rule of ours remains`);
  }
  assert.deepEqual(markedProcesses(`--bfy-chaos=${stateTag(stateDir)}:`), [], 'no chaos process remains');
  assert.deepEqual(readEntries(stateDir).entries, [], 'the journal is empty');
}
