import { join } from 'node:path';
import { ClusterStartError } from '../../kit/errors/index.ts';
import { formatDuration, type Clock } from '../../kit/time/index.ts';
import {
  writeClusterState,
  type ClusterState,
  type Pod,
  servicePodSpecs,
  addHostsBlock,
  removeHostsBlock,
  holdChecker,
  waitUntilReady,
  podUrl,
  localTopology,
  isEnginePod,
  exporterPodSpec,
} from '../index.ts';
import { podLogFile } from '../engines/index.ts';
import { Supervisor, type PodStatus } from '../supervisor/index.ts';
import { startLocalEngines, type EngineProgress } from './local-engines.ts';

/** The running local cluster, as its supervisor process holds it. */
/**
 * How long the services get to become ready once the engines are: CAPSULE and SYNAPSE wait for
 * Cassandra's schema agreement on their tables, which takes minutes on a loaded two-core machine.
 */
export const SERVICES_READY_TIMEOUT_MS = 180_000;

export interface LocalCluster {
  /** Stops the services first (they drain onto the engines), then the engines. */
  stop(): Promise<void>;
}

/** How much of the local profile to run. */
export interface LocalClusterOptions {
  stateDir: string;
  clock: Clock;
  /** `engines` starts the engine tier alone; `all` adds the six services on it. */
  scope: 'engines' | 'all';
  /** How long the services may take to be ready once the engines are. */
  servicesTimeoutMs?: number;
  /** A hosts file to name every pod in once ready (`up --hosts`), removed again on stop. */
  hostsFile?: string;
}

/**
 * The `supervise --profile local` side of `up`: starts the engine tier and then (scope `all`)
 * the six services on it, under this process, keeping `cluster.json` current — pods and their
 * statuses, progress lines, and the phase that `up` waits for. Resolves once everything is
 * ready; on failure stops what it started, records why and rethrows.
 */
export async function superviseLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const { stateDir, clock } = options;
  const topology = localTopology();
  const pods = topology.pods.filter((pod) => options.scope === 'all' || isEnginePod(pod));
  const state = initialState(stateDir, clock.now(), pods);
  const record = (message: string) => {
    state.events!.push({ at: clock.now(), message });
    writeClusterState(state);
  };
  const onChange = (statuses: PodStatus[]) => {
    for (const status of statuses) {
      const entry = state.pods.find((candidate) => candidate.pod.name === status.id);
      if (entry) entry.status = status;
    }
    writeClusterState(state);
  };
  writeClusterState(state);

  let services: Supervisor | undefined;
  let engines: Awaited<ReturnType<typeof startLocalEngines>> | undefined;
  try {
    engines = await startLocalEngines({
      stateDir,
      clock,
      onChange,
      onProgress: (progress) => record(describe(progress)),
    });
    record(`engines ready in ${formatDuration(engines.readyAfterMs.total)}`);
    if (options.scope === 'all') services = await startServices(options, topology, state, onChange, record);
    if (options.hostsFile) {
      addHostsBlock(pods, options.hostsFile);
      state.hostsFile = options.hostsFile;
      record(`pod names written to ${options.hostsFile}`);
    }
    state.phase = 'ready';
    record(`ready in ${formatDuration(clock.now() - state.startedAt)}`);
  } catch (error) {
    await services?.shutdown();
    await engines?.stop();
    state.phase = 'failed';
    state.failure = error instanceof Error ? error.message : String(error);
    writeClusterState(state);
    throw error;
  }
  return {
    stop: async () => {
      if (options.hostsFile) removeHostsBlock(options.hostsFile);
      await services?.shutdown();
      await engines?.stop();
    },
  };
}

/** The six services and the exporter on the ready engines, waited for until they answer. */
async function startServices(
  options: LocalClusterOptions,
  topology: ReturnType<typeof localTopology>,
  state: ClusterState,
  onChange: (statuses: PodStatus[]) => void,
  record: (message: string) => void,
): Promise<Supervisor> {
  const { stateDir, clock } = options;
  const services = new Supervisor({
    specs: [...servicePodSpecs(topology, stateDir), exporterPodSpec(stateDir)],
    clock,
    onChange,
    isHeld: holdChecker(stateDir),
  });
  services.start();
  try {
    await servicesReady(state, clock, options.servicesTimeoutMs ?? SERVICES_READY_TIMEOUT_MS, record);
  } catch (error) {
    // The caller only learns of services that came up; these did not.
    await services.shutdown();
    throw error;
  }
  return services;
}

/** The `cluster.json` of a local cluster that is starting: its pods, none running yet. */
function initialState(stateDir: string, startedAt: number, pods: readonly Pod[]): ClusterState {
  return {
    profile: 'local',
    stateDir,
    supervisorPid: process.pid,
    startedAt,
    pods: pods.map((pod) => ({
      pod,
      url: pod.service ? podUrl(pod) : `${pod.address}:${Object.values(pod.ports)[0] ?? ''}`,
      logFile: isEnginePod(pod) ? podLogFile(stateDir, pod) : join(stateDir, 'logs', `${pod.name}.log`),
      status: undefined,
    })),
    phase: 'starting',
    events: [],
  };
}

async function servicesReady(
  state: ClusterState,
  clock: Clock,
  timeoutMs: number,
  record: (message: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const results = await Promise.all(
    state.pods
      .filter((entry) => entry.pod.service)
      .map(async ({ pod, url }) => {
        const ready = await waitUntilReady(url, deadline, () => true);
        if (ready) record(`✓ ${pod.name} ready at ${url} (${formatDuration(clock.now() - state.startedAt)})`);
        return ready ? undefined : pod.name;
      }),
  );
  const notReady = results.filter((name): name is string => name !== undefined);
  if (notReady.length > 0) {
    throw new ClusterStartError(
      `services not ready within ${formatDuration(timeoutMs)}: ${notReady.join(', ')} (see 'butterfly logs <pod>')`,
    );
  }
}

function describe(progress: EngineProgress): string {
  const at = formatDuration(progress.elapsedMs);
  switch (progress.kind) {
    case 'engines-started':
      return `started ${progress.pods.length} engine pods (${at})`;
    case 'step':
      return `${progress.engine}: ${progress.message} (${at})`;
    case 'engine-ready':
      return `✓ ${progress.engine} ready: ${progress.detail} (${at})`;
  }
}
