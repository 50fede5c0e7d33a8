import { formatDuration, type Clock } from '../../kit/time/index.ts';
import { writeClusterState, type ClusterState } from '../cluster-state.ts';
import { podLogFile } from '../engines/pod-files.ts';
import type { PodStatus } from '../supervisor/index.ts';
import { startLocalEngines, type EngineProgress, type LocalEngines } from './local-engines.ts';
import { isEnginePod, localTopology } from './local-topology.ts';

/**
 * The `supervise --profile local` side of `up`: starts the engine tier under this process and
 * keeps `cluster.json` current — pods and their statuses, progress lines, and the phase that
 * `up` waits for. Resolves once every engine is ready; on failure records why and rethrows.
 */
export async function superviseLocalEngines(options: {
  stateDir: string;
  clock: Clock;
}): Promise<LocalEngines> {
  const { stateDir, clock } = options;
  const pods = localTopology().pods.filter(isEnginePod);
  const state: ClusterState = {
    profile: 'local',
    stateDir,
    supervisorPid: process.pid,
    startedAt: clock.now(),
    pods: pods.map((pod) => ({
      pod,
      url: `${pod.address}:${Object.values(pod.ports)[0] ?? ''}`,
      logFile: podLogFile(stateDir, pod),
      status: undefined,
    })),
    phase: 'starting',
    events: [],
  };
  const record = (message: string) => {
    state.events!.push({ at: clock.now(), message });
    writeClusterState(state);
  };
  const onChange = (statuses: PodStatus[]) => {
    for (const entry of state.pods) entry.status = statuses.find((status) => status.id === entry.pod.name);
    writeClusterState(state);
  };
  writeClusterState(state);
  try {
    const engines = await startLocalEngines({
      stateDir,
      clock,
      onChange,
      onProgress: (progress) => record(describe(progress)),
    });
    state.phase = 'ready';
    record(`engines ready in ${formatDuration(engines.readyAfterMs.total)}`);
    return engines;
  } catch (error) {
    state.phase = 'failed';
    state.failure = error instanceof Error ? error.message : String(error);
    writeClusterState(state);
    throw error;
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
