import { UsageError } from '../kit/errors/index.ts';
import { formatDuration, parseDuration, systemClock } from '../kit/time/index.ts';
import {
  parsePortOverrides,
  probePods,
  runningState,
  startDetached,
  startEmbeddedSupervisor,
  stopCluster,
  removeClusterState,
  type ClusterState,
} from '../cluster/index.ts';
import { ClusterNotRunningError } from '../kit/errors/index.ts';
import { flag, stringOption, type Command, type ParsedArgs } from './command.ts';
import { untilStopSignal } from './signals.ts';
import { renderTable } from './table.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

const PROFILES = ['auto', 'embedded', 'local'] as const;

function profileOf(args: ParsedArgs): 'embedded' {
  const profile = stringOption(args, 'profile') ?? 'auto';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}; got '${profile}'`);
  }
  if (profile === 'local') {
    throw new UsageError(
      "the local profile (real Cassandra, Patroni, Redis Cluster) is not in this build yet; use '--profile embedded'",
    );
  }
  if (profile === 'auto')
    process.stdout.write('profile auto: embedded (the local profile is not in this build yet)\n');
  return 'embedded';
}

function portsOf(args: ParsedArgs) {
  const text = stringOption(args, 'ports');
  if (text === undefined) return undefined;
  const ports = parsePortOverrides(text);
  if (typeof ports === 'string') throw new UsageError(`--ports: ${ports}`);
  return ports;
}

/** `butterfly up`: start the platform and wait until every service is ready. */
export const upCommand: Command = {
  name: 'up',
  summary: 'Start the six services (embedded profile) and wait until they are ready',
  usage:
    'up [--profile auto|embedded|local] [--foreground] [--ports svc=PORT,…] [--timeout 60s] [--state-dir DIR]',
  options: {
    profile: { type: 'string' },
    foreground: { type: 'boolean' },
    ports: { type: 'string' },
    timeout: { type: 'string' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  async run(args) {
    profileOf(args);
    const stateDir = stateDirOf(args);
    const ports = portsOf(args);
    const timeoutMs = parseDuration(stringOption(args, 'timeout') ?? '60s');
    if (timeoutMs === undefined) throw new UsageError(`--timeout must be a duration such as 60s`);
    if (flag(args, 'foreground')) return runForeground(stateDir, ports);
    const started = Date.now();
    process.stdout.write(`starting the embedded platform (state in ${stateDir})\n`);
    const state = await startDetached({
      stateDir,
      ...(ports ? { ports } : {}),
      timeoutMs,
      onProgress: (progress) => {
        if (progress.kind === 'supervisor-started')
          process.stdout.write(`  supervisor running (pid ${progress.pid})\n`);
        if (progress.kind === 'pod-ready') {
          process.stdout.write(
            `  ✓ ${progress.pod.padEnd(16)} ready at ${progress.url} (${formatDuration(progress.elapsedMs)})\n`,
          );
        }
        if (progress.kind === 'already-running') process.stdout.write('  already running\n');
      },
    });
    process.stdout.write(
      `${state.pods.length} services ready in ${formatDuration(Date.now() - started)}; 'butterfly down' stops them\n`,
    );
    return 0;
  },
};

async function runForeground(stateDir: string, ports: ReturnType<typeof portsOf>): Promise<number> {
  if (runningState(stateDir))
    throw new UsageError(`a cluster is already running from ${stateDir}; run 'butterfly down' first`);
  const supervisor = startEmbeddedSupervisor({ stateDir, clock: systemClock, ...(ports ? { ports } : {}) });
  process.stdout.write(
    `supervising ${supervisor.status().length} services in the foreground; Ctrl-C stops them\n`,
  );
  await untilStopSignal();
  await supervisor.shutdown();
  removeClusterState(stateDir);
  process.stdout.write('stopped\n');
  return 0;
}

/** `butterfly supervise`: the background supervisor that `up` starts. */
export const superviseCommand: Command = {
  name: 'supervise',
  summary: 'Run the cluster supervisor (started by up)',
  usage: 'supervise --state-dir DIR [--ports svc=PORT,…]',
  options: { ports: { type: 'string' }, ...STATE_DIR_OPTION },
  maxPositionals: 0,
  hidden: true,
  async run(args) {
    const stateDir = stateDirOf(args);
    const ports = portsOf(args);
    const supervisor = startEmbeddedSupervisor({ stateDir, clock: systemClock, ...(ports ? { ports } : {}) });
    await untilStopSignal();
    await supervisor.shutdown();
    removeClusterState(stateDir);
    return 0;
  },
};

/** `butterfly down`: stop everything `up` started. */
export const downCommand: Command = {
  name: 'down',
  summary: 'Stop the platform and leave no process behind',
  usage: 'down [--state-dir DIR]',
  options: { ...STATE_DIR_OPTION },
  maxPositionals: 0,
  async run(args) {
    const stateDir = stateDirOf(args);
    const started = Date.now();
    try {
      const result = await stopCluster(stateDir, 20_000);
      if (result.leftovers.length > 0) {
        process.stderr.write(`butterfly: still running after 20s: pids ${result.leftovers.join(', ')}\n`);
        return 1;
      }
      process.stdout.write(
        `stopped ${result.stopped.length} services in ${formatDuration(Date.now() - started)}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof ClusterNotRunningError) {
        process.stdout.write('nothing is running\n');
        return 0;
      }
      throw error;
    }
  },
};

/** `butterfly ps`: the pods, their addresses and states. */
export const psCommand: Command = {
  name: 'ps',
  summary: 'List the running pods with address, state, restarts and uptime',
  usage: 'ps [--json] [--state-dir DIR]',
  options: { json: { type: 'boolean' }, ...STATE_DIR_OPTION },
  maxPositionals: 0,
  async run(args) {
    const stateDir = stateDirOf(args);
    const state = runningState(stateDir);
    if (!state) throw new ClusterNotRunningError(stateDir);
    const ready = await probePods(state);
    const rows = podRows(state, ready);
    if (flag(args, 'json'))
      process.stdout.write(JSON.stringify({ profile: state.profile, pods: rows }, null, 2) + '\n');
    else {
      process.stdout.write(`profile ${state.profile}, supervisor pid ${state.supervisorPid}\n`);
      process.stdout.write(
        renderTable(
          ['POD', 'APP', 'ADDRESS', 'PORT', 'STATE', 'PID', 'RESTARTS', 'UPTIME'],
          rows.map((r) => [
            r.pod,
            r.app,
            r.address,
            String(r.port),
            r.state,
            String(r.pid ?? '-'),
            String(r.restarts),
            r.uptime,
          ]),
        ),
      );
    }
    return rows.every((row) => row.state === 'Ready') ? 0 : 1;
  },
};

function podRows(state: ClusterState, ready: Map<string, boolean>) {
  const now = Date.now();
  return state.pods.map(({ pod, status }) => ({
    pod: pod.name,
    app: pod.labels.app ?? '',
    address: pod.address,
    port: pod.ports.http ?? 0,
    state: ready.get(pod.name) ? 'Ready' : status?.state === 'backoff' ? 'CrashLoopBackOff' : 'NotReady',
    pid: status?.pid,
    restarts: status?.restarts ?? 0,
    uptime: status?.startedAt ? formatDuration(now - status.startedAt) : '-',
  }));
}
