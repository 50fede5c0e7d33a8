// What the fault tests share about the local platform their global setup started: where it is,
// how to call its services, how to kill and hold its pods, and a workload that keeps a ledger of
// every acknowledged write.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { BUTTERFLY_BIN } from './butterfly-cli.ts';
import { holdPod, releasePod } from '../../src/cluster/pod-holds.ts';
import { readClusterState } from '../../src/cluster/cluster-state.ts';
import { engineBinaries } from '../../src/cluster/engines/index.ts';
import { liveRoles as engineRoles } from '../../src/cluster/local/index.ts';
import { clusterPods } from '../../src/chaos/local/cluster-pods.ts';
import { killPod as killPodProcesses } from '../../src/chaos/local/process/kill-pod.ts';
import type { ServiceName } from '../../src/kit/platform/index.ts';
import { systemClock } from '../../src/kit/time/index.ts';

/** The launcher, run with this Node (its home is butterfly-cli.ts). */
export { BUTTERFLY_BIN };

/** The fault tests' cluster state dir (fixed, so every test file finds the one platform). */
export const FAULTS_STATE_DIR = process.env.BUTTERFLY_FAULTS_STATE_DIR ?? '/tmp/butterfly-faults';

const SERVICE_ADDRESS: Record<ServiceName, string> = {
  perception: '127.0.1.1',
  capsule: '127.0.1.2',
  odyssey: '127.0.1.3',
  plato: '127.0.1.4',
  nexus: '127.0.1.5',
  synapse: '127.0.1.6',
};

/** A service pod's address on the local profile. */
export function serviceAddress(service: ServiceName): string {
  return SERVICE_ADDRESS[service];
}

/** One answer, with how long it took. */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  ms: number;
}

/** Calls a service of the local platform as tenant `tenant`; network errors become status 0. */
export async function call(
  service: ServiceName,
  method: string,
  path: string,
  options: { body?: unknown; tenant?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`http://${SERVICE_ADDRESS[service]}:8080${path}`, {
      method,
      headers: {
        'x-tenant-id': options.tenant ?? 'faults',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
      ms: performance.now() - started,
    };
  } catch (error) {
    return { status: 0, body: String(error), headers: new Headers(), ms: performance.now() - started };
  }
}

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs` with the last observation. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last error: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The PID of a pod's current process, from the supervisor's state file. */
export function podPid(pod: string): number {
  const state = readClusterState(FAULTS_STATE_DIR);
  const entry = state?.pods.find((candidate) => candidate.pod.name === pod);
  const pid = entry?.status?.pid;
  if (!pid) throw new Error(`pod ${pod} has no running process in ${FAULTS_STATE_DIR}`);
  return pid;
}

/**
 * `kill -9` of every process of a pod — its process group, its descendants and, for an engine pod,
 * everything under its uid (PostgreSQL runs in its own session under Patroni) — optionally held
 * down first so the supervisor does not restart it until `release`. The chaos engine's pod kill.
 */
export async function killPod(pod: string, options: { hold: boolean }): Promise<void> {
  if (options.hold) holdPod(FAULTS_STATE_DIR, pod, 'fault test');
  const target = clusterPods(FAULTS_STATE_DIR).get(pod);
  if (!target?.pid) throw new Error(`pod ${pod} has no running process in ${FAULTS_STATE_DIR}`);
  const killed = await killPodProcesses(target, { gracePeriodMs: 0, clock: systemClock });
  if (killed.length === 0) throw new Error(`pod ${pod}: no process found to kill`);
}

/** Lets the supervisor restart a held pod. */
export function release(pod: string): void {
  releasePod(FAULTS_STATE_DIR, pod);
}

/** Live roles (Patroni leader/replica, Redis master/replica) by pod, as `butterfly ps` shows them. */
export function liveRoles(): Promise<Map<string, string>> {
  return engineRoles({ stateDir: FAULTS_STATE_DIR, binaries: engineBinaries() });
}

const CHAIN = 'BFYFAULT';

function iptables(...args: string[]): void {
  execFileSync('iptables', ['-w', ...args], { stdio: 'pipe' });
}

/** Drops all traffic between two addresses, both directions (a Chaos Mesh partition, direction both). */
export function partition(a: string, b: string): void {
  try {
    iptables('-N', CHAIN);
  } catch {
    // The chain exists already.
  }
  try {
    iptables('-C', 'OUTPUT', '-j', CHAIN);
  } catch {
    iptables('-I', 'OUTPUT', '-j', CHAIN);
  }
  iptables('-A', CHAIN, '-s', a, '-d', b, '-j', 'DROP');
  iptables('-A', CHAIN, '-s', b, '-d', a, '-j', 'DROP');
}

/** Removes every partition this harness made (idempotent). */
export function heal(): void {
  try {
    iptables('-D', 'OUTPUT', '-j', CHAIN);
  } catch {
    // Not hooked.
  }
  try {
    iptables('-F', CHAIN);
    iptables('-X', CHAIN);
  } catch {
    // No chain.
  }
}

/** A capsule body for `scopeId`. */
export function capsuleBody(scopeId: string, payload: unknown): object {
  return {
    header: {
      scope: { scopeId },
      time: { centerTsUtc: new Date().toISOString(), deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'fault-test' },
    },
    configuration: {},
    dynamics: { payload },
  };
}

/** One acknowledged write of the ledger. */
export interface LedgerEntry {
  capsuleId: string;
  key: string;
  status: number;
}

/**
 * Writes capsules to one scope back to back, each with its own idempotency key, and records every
 * acknowledged one (200, 201, 202) and how many times each status was seen.
 */
export class CapsuleWorkload {
  readonly scopeId: string;
  readonly tenant: string;
  readonly acknowledged: LedgerEntry[] = [];
  readonly statuses = new Map<number, number>();
  #stopped = false;
  #running: Promise<void> | undefined;

  constructor(scopeId: string, tenant = 'faults') {
    this.scopeId = scopeId;
    this.tenant = tenant;
  }

  /** Starts (or resumes) writing in the background. */
  start(): void {
    this.#stopped = false;
    this.#running = this.#loop();
  }

  /** Writes `n` capsules now, one after another, and returns their answers. */
  async write(n: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let i = 0; i < n; i += 1) answers.push(await this.#writeOne());
    return answers;
  }

  /** Stops after the write in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      await this.#writeOne();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async #writeOne(): Promise<Answer> {
    const key = randomUUID();
    const answer = await call('capsule', 'POST', '/api/v1/capsules', {
      tenant: this.tenant,
      body: capsuleBody(this.scopeId, key),
      headers: { 'x-idempotency-key': key },
    });
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    if (answer.status === 200 || answer.status === 201 || answer.status === 202) {
      this.acknowledged.push({ capsuleId: answer.body.capsuleId, key, status: answer.status });
    }
    return answer;
  }
}

/** Runs an engine's admin tool through `butterfly exec`; its stdout, trimmed. */
export function exec(pod: string, tool: string, ...args: string[]): string {
  const result = spawnSync(
    process.execPath,
    [BUTTERFLY_BIN, 'exec', '--state-dir', FAULTS_STATE_DIR, pod, '--', tool, ...args],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (result.status !== 0) throw new Error(`exec ${pod} ${tool} exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}

/** The Patroni leader and the replicas streaming from it (pg_stat_replication on the leader). */
export async function postgresRoles(): Promise<{ leader: string | undefined; streaming: number }> {
  const roles = await liveRoles();
  const leader = ['postgres-0', 'postgres-1'].find((pod) => roles.get(pod) === 'leader');
  if (!leader) return { leader, streaming: 0 };
  const streaming = Number(
    exec(leader, 'psql', '-At', '-c', "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"),
  );
  return { leader, streaming };
}
