import { ClusterNotRunningError, EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { formatDuration, parseDuration, systemClock } from '../kit/time/index.ts';
import {
  parsePortOverrides,
  probePods,
  runningState,
  readClusterState,
  startDetached,
  startEmbeddedSupervisor,
  startLocalDetached,
  stopCluster,
  removeClusterState,
  type ClusterState,
} from '../cluster/index.ts';
import { flag, stringOption, type Command, type ParsedArgs } from './command.ts';
import { untilStopSignal } from './signals.ts';
import { renderTable } from './table.ts';
import { STATE_DIR_OPTION, stateDirForProfile, stateDirOf } from './state-dir.ts';
import { liveRoles, superviseLocalCluster } from '../cluster/local/index.ts';
import { cacheDirOf, engineBinaries } from '../cluster/engines/index.ts';
import { missingForLocalProfile } from '../cluster/setup/index.ts';

const PROFILES = ['auto', 'embedded', 'local'] as const;

type ChosenProfile = 'embedded' | 'local';

function profileOf(args: ParsedArgs): ChosenProfile {
  const profile = stringOption(args, 'profile') ?? 'auto';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}; got '${profile}'`);
  }
  if (profile === 'auto') {
    const embeddedOnly = flag(args, 'foreground') || stringOption(args, 'ports') !== undefined;
    const missing = missingForLocalProfile(cacheDirOf());
    const chosen = !embeddedOnly && missing.length === 0 && process.getuid?.() === 0 ? 'local' : 'embedded';
    const why = embeddedOnly
      ? '--foreground and --ports are for the embedded profile'
      : chosen === 'local'
        ? 'the engines are installed'
        : missing.length > 0
          ? "the engines are not installed: 'butterfly setup'"
          : 'the local profile runs its engines as their own users, which needs root';
    process.stdout.write(`profile auto: ${chosen} (${why})\n`);
    return chosen;
  }
  return profile as ChosenProfile;
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
  summary: 'Start the platform (embedded, or local on real engines) and wait until it is ready',
  usage:
    'up [--profile auto|embedded|local] [--only engines] [--hosts] [--foreground] [--ports svc=PORT,…] [--timeout 60s] [--state-dir DIR]',
  options: {
    profile: { type: 'string' },
    only: { type: 'string' },
    hosts: { type: 'boolean' },
    foreground: { type: 'boolean' },
    ports: { type: 'string' },
    timeout: { type: 'string' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  async run(args) {
    const profile = profileOf(args);
    const stateDir = stateDirForProfile(args, profile);
    const ports = portsOf(args);
    const timeoutMs = parseDuration(stringOption(args, 'timeout') ?? (profile === 'local' ? '9m' : '60s'));
    if (timeoutMs === undefined) throw new UsageError(`--timeout must be a duration such as 60s`);
    if (profile === 'local') return upLocal(args, stateDir, timeoutMs);
    if (stringOption(args, 'only') !== undefined || flag(args, 'hosts')) {
      throw new UsageError('--only and --hosts go with --profile local (embedded services share 127.0.0.1)');
    }
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
    return EXIT_CODES.OK;
  },
};

async function upLocal(args: ParsedArgs, stateDir: string, timeoutMs: number): Promise<number> {
  const only = stringOption(args, 'only');
  if (only !== undefined && only !== 'engines') throw new UsageError(`--only takes 'engines'; got '${only}'`);
  if (flag(args, 'foreground') || stringOption(args, 'ports') !== undefined) {
    throw new UsageError('--foreground and --ports go with the embedded profile');
  }
  const started = Date.now();
  const what = only ? 'the local engine tier' : 'the platform on the local engines';
  process.stdout.write(`starting ${what} (state in ${stateDir})\n`);
  const state = await startLocalDetached({
    stateDir,
    timeoutMs,
    enginesOnly: only === 'engines',
    hosts: flag(args, 'hosts'),
    onEvent: (message) => process.stdout.write(`  ${message}\n`),
  });
  process.stdout.write(
    `${state.pods.length} pods ready in ${formatDuration(Date.now() - started)}; 'butterfly exec <pod> -- <tool>' runs the engines' admin tools, 'butterfly down' stops everything\n`,
  );
  return EXIT_CODES.OK;
}

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
  return EXIT_CODES.OK;
}

/** `butterfly supervise`: the background supervisor that `up` starts. */
export const superviseCommand: Command = {
  name: 'supervise',
  summary: 'Run the cluster supervisor (started by up)',
  usage:
    'supervise --state-dir DIR [--profile embedded|local] [--only engines] [--hosts] [--ports svc=PORT,…]',
  options: {
    ports: { type: 'string' },
    profile: { type: 'string' },
    only: { type: 'string' },
    hosts: { type: 'boolean' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  hidden: true,
  async run(args) {
    const stateDir = stateDirOf(args);
    // Listening from the start: a stop requested while the pods start must not kill us half-way.
    const stopSignal = untilStopSignal();
    if (stringOption(args, 'profile') === 'local') {
      const scope = stringOption(args, 'only') === 'engines' ? 'engines' : 'all';
      const cluster = await superviseLocalCluster({
        stateDir,
        clock: systemClock,
        scope,
        ...(flag(args, 'hosts') ? { hostsFile: '/etc/hosts' } : {}),
      });
      await stopSignal;
      await cluster.stop();
      removeClusterState(stateDir);
      return EXIT_CODES.OK;
    }
    const ports = portsOf(args);
    const supervisor = startEmbeddedSupervisor({ stateDir, clock: systemClock, ...(ports ? { ports } : {}) });
    await stopSignal;
    await supervisor.shutdown();
    removeClusterState(stateDir);
    return EXIT_CODES.OK;
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
      // Cassandra flushes on the way down: the engine tier needs longer than the services.
      const timeoutMs = readClusterState(stateDir)?.profile === 'local' ? 90_000 : 20_000;
      const result = await stopCluster(stateDir, timeoutMs);
      if (result.leftovers.length > 0) {
        process.stderr.write(
          `butterfly: still running after ${formatDuration(timeoutMs)}: pids ${result.leftovers.join(', ')}\n`,
        );
        return EXIT_CODES.FAILED;
      }
      process.stdout.write(
        `stopped ${result.stopped.length} pods in ${formatDuration(Date.now() - started)}\n`,
      );
      return EXIT_CODES.OK;
    } catch (error) {
      if (error instanceof ClusterNotRunningError) {
        process.stdout.write('nothing is running\n');
        return EXIT_CODES.OK;
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
    const local = state.profile === 'local';
    const ready = await probePods(state);
    const roles = local
      ? await liveRoles({ stateDir, binaries: engineBinaries() })
      : new Map<string, string>();
    const rows = podRows(state, ready, roles);
    if (flag(args, 'json'))
      process.stdout.write(JSON.stringify({ profile: state.profile, pods: rows }, null, 2) + '\n');
    else {
      process.stdout.write(`profile ${state.profile}, supervisor pid ${state.supervisorPid}\n`);
      process.stdout.write(
        renderTable(
          ['POD', 'APP', 'ROLE', 'ADDRESS', 'PORTS', 'STATE', 'PID', 'RESTARTS', 'UPTIME'],
          rows.map((r) => [
            r.pod,
            r.app,
            r.role,
            r.address,
            r.ports,
            r.state,
            String(r.pid ?? '-'),
            String(r.restarts),
            r.uptime,
          ]),
        ),
      );
    }
    return rows.every((row) => row.state === 'Ready' || row.state === 'Running')
      ? EXIT_CODES.OK
      : EXIT_CODES.FAILED;
  },
};

function podRows(state: ClusterState, ready: Map<string, boolean>, roles: Map<string, string>) {
  const now = Date.now();
  return state.pods.map(({ pod, status }) => ({
    pod: pod.name,
    app: pod.labels.app ?? '',
    role: roles.get(pod.name) ?? pod.labels.role ?? '-',
    address: pod.address,
    ports: Object.values(pod.ports).join(','),
    port: pod.ports.http ?? 0,
    state: podState(!pod.service, ready.get(pod.name) === true, status?.state),
    pid: status?.pid,
    restarts: status?.restarts ?? 0,
    uptime: status?.startedAt ? formatDuration(now - status.startedAt) : '-',
  }));
}

// Services are Ready when their readiness endpoint says so; engine pods have their own
// readiness checks at start, after which a running process is what `ps` can vouch for.
function podState(engine: boolean, ready: boolean, supervised: string | undefined): string {
  if (supervised === 'backoff') return 'CrashLoopBackOff';
  if (supervised === 'stopping') return 'Terminating';
  if (supervised === 'held') return 'Held';
  if (engine) return supervised === 'running' ? 'Running' : 'Pending';
  return ready ? 'Ready' : 'NotReady';
}
