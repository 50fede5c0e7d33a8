import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClusterNotRunningError, ClusterStartError } from '../kit/errors/index.ts';
import type { ServiceName } from '../kit/platform/index.ts';
import { isAlive, readClusterState, removeClusterState, type ClusterState } from './cluster-state.ts';
import { isReady, waitUntilReady } from './readiness.ts';
import { engineProcesses } from './engine-processes.ts';
import { removeHostsBlock } from './hosts-file.ts';
import { releaseAll } from './pod-holds.ts';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));

/** A step of `up` as it happens, for the progress display. */
export type UpProgress =
  | { kind: 'supervisor-started'; pid: number }
  | { kind: 'pod-ready'; pod: string; url: string; elapsedMs: number }
  | { kind: 'already-running'; state: ClusterState };

/** Starts the embedded cluster under a background supervisor and waits until every pod is ready. */
export async function startDetached(options: {
  stateDir: string;
  ports?: Partial<Record<ServiceName, number>>;
  timeoutMs: number;
  onProgress(progress: UpProgress): void;
}): Promise<ClusterState> {
  const existing = runningState(options.stateDir);
  if (existing) {
    options.onProgress({ kind: 'already-running', state: existing });
    return existing;
  }
  removeClusterState(options.stateDir);
  mkdirSync(options.stateDir, { recursive: true });
  const logFile = join(options.stateDir, 'supervisor.log');
  const log = openSync(logFile, 'a');
  const started = Date.now();
  const portArgs = options.ports
    ? [
        '--ports',
        Object.entries(options.ports)
          .map(([service, port]) => `${service}=${port}`)
          .join(','),
      ]
    : [];
  const child = spawn(process.execPath, [BIN, 'supervise', '--state-dir', options.stateDir, ...portArgs], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new ClusterStartError('could not start the supervisor process');
  options.onProgress({ kind: 'supervisor-started', pid });

  const deadline = started + options.timeoutMs;
  const supervisorAlive = () => isAlive(pid);
  let state: ClusterState | undefined;
  while (!(state = readClusterState(options.stateDir)) && Date.now() < deadline && supervisorAlive()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!state) throw failure('the supervisor did not record the cluster', logFile);
  const results = await Promise.all(
    state.pods.map(async ({ pod, url }) => {
      const ready = await waitUntilReady(url, deadline, supervisorAlive);
      if (ready)
        options.onProgress({ kind: 'pod-ready', pod: pod.name, url, elapsedMs: Date.now() - started });
      return { pod: pod.name, ready };
    }),
  );
  const notReady = results.filter((result) => !result.ready).map((result) => result.pod);
  if (notReady.length > 0) {
    const logs = notReady.map((name) => tail(join(options.stateDir, 'logs', `${name}.log`))).join('\n');
    await stopCluster(options.stateDir, 10_000).catch(() => undefined);
    throw failure(`not ready within ${options.timeoutMs}ms: ${notReady.join(', ')}`, logFile, logs);
  }
  return readClusterState(options.stateDir) ?? state;
}

/** Starts the local profile (engines, then services unless `enginesOnly`) under a background supervisor and follows its progress until ready. */
export async function startLocalDetached(options: {
  stateDir: string;
  timeoutMs: number;
  /** Start the engine tier alone, without the services. */
  enginesOnly: boolean;
  /** Name every pod in /etc/hosts once ready. */
  hosts: boolean;
  onEvent(message: string): void;
}): Promise<ClusterState> {
  const existing = runningState(options.stateDir);
  if (existing) {
    options.onEvent('already running');
    return existing;
  }
  removeClusterState(options.stateDir);
  mkdirSync(options.stateDir, { recursive: true });
  const logFile = join(options.stateDir, 'supervisor.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      BIN,
      'supervise',
      '--profile',
      'local',
      ...(options.enginesOnly ? ['--only', 'engines'] : []),
      ...(options.hosts ? ['--hosts'] : []),
      '--state-dir',
      options.stateDir,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new ClusterStartError('could not start the supervisor process');
  options.onEvent(`supervisor running (pid ${pid})`);
  const deadline = Date.now() + options.timeoutMs;
  let shown = 0;
  for (;;) {
    const state = readClusterState(options.stateDir);
    for (const event of (state?.events ?? []).slice(shown)) options.onEvent(event.message);
    shown = state?.events?.length ?? shown;
    if (state?.phase === 'ready') return state;
    if (state?.phase === 'failed' || !isAlive(pid) || Date.now() > deadline) {
      const reason =
        state?.failure ??
        (isAlive(pid) ? `not ready within ${options.timeoutMs}ms` : 'the supervisor exited');
      if (isAlive(pid)) await stopCluster(options.stateDir, 60_000).catch(() => undefined);
      removeClusterState(options.stateDir);
      throw failure(reason, logFile);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The recorded cluster if its supervisor is alive. */
export function runningState(stateDir: string): ClusterState | undefined {
  const state = readClusterState(stateDir);
  return state && isAlive(state.supervisorPid) ? state : undefined;
}

/** Stops the cluster: SIGTERM to the supervisor (which drains and stops its pods), then checks nothing is left. */
export async function stopCluster(
  stateDir: string,
  timeoutMs: number,
): Promise<{ stopped: string[]; leftovers: number[] }> {
  const state = readClusterState(stateDir);
  if (!state) throw new ClusterNotRunningError(stateDir);
  if (isAlive(state.supervisorPid)) process.kill(state.supervisorPid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  // Engine pods run as their own uids (and Patroni's PostgreSQL is not the supervised PID):
  // every process under an engine uid is ours. Service pods are found by their command line.
  const podPids = () => [
    ...(state.profile === 'local' ? engineProcesses().map((process) => process.pid) : []),
    ...state.pods
      .map((entry) => entry.status?.pid)
      .filter((pid): pid is number => pid !== undefined && isAlive(pid) && isOurServe(pid)),
  ];
  while ((isAlive(state.supervisorPid) || podPids().length > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // A supervisor that was killed outright leaves its pods behind: stop them directly.
  for (const pid of podPids()) process.kill(pid, 'SIGTERM');
  const leftovers = [...(isAlive(state.supervisorPid) ? [state.supervisorPid] : []), ...podPids()];
  if (state.hostsFile) removeHostsBlock(state.hostsFile);
  releaseAll(stateDir);
  if (leftovers.length === 0) removeClusterState(stateDir);
  return { stopped: state.pods.map((entry) => entry.pod.name), leftovers };
}

/** Each service pod's live readiness, for `ps`. */
export async function probePods(state: ClusterState): Promise<Map<string, boolean>> {
  const results = await Promise.all(
    state.pods
      .filter(({ pod }) => pod.service)
      .map(async ({ pod, url }) => [pod.name, await isReady(url)] as const),
  );
  return new Map(results);
}

// PIDs are reused by the kernel: only signal a process that is still one of our services.
function isOurServe(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('butterfly') && cmdline.includes('serve');
  } catch {
    return false;
  }
}

function tail(path: string, lines = 15): string {
  if (!existsSync(path)) return '';
  return `--- ${path}\n` + readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function failure(message: string, logFile: string, logs = ''): ClusterStartError {
  return new ClusterStartError(`${message}\n${tail(logFile)}${logs ? '\n' + logs : ''}`);
}
