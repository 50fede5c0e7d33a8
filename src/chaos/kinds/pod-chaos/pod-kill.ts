import { readClusterState } from '../../../cluster/index.ts';
import type { PodChaosFault } from './spec.ts';
import type { Proof } from '../../fault/index.ts';
import {
  ChaosInjectionError,
  clusterPodOf,
  journaledFault,
  describeProcesses,
  killPod,
  survivors,
} from '../../local/index.ts';
import type { InjectionRequest, Injector } from '../injector.ts';
import type { ProcessInfo } from '../../local/index.ts';

/** Kills every target pod; a target with no process to kill fails the injection. */
export async function killTargets(
  request: InjectionRequest<PodChaosFault>,
): Promise<Map<string, ProcessInfo[]>> {
  const killed = new Map<string, ProcessInfo[]>();
  for (const target of request.targets) {
    const pod = clusterPodOf(request.pods, target);
    const processes = await killPod(pod, {
      gracePeriodMs: (request.fault.gracePeriod ?? 0) * 1000,
      clock: request.context.clock,
    });
    if (processes.length === 0)
      throw new ChaosInjectionError(
        `pod ${pod.name} has no process to kill (state ${pod.state ?? 'unknown'})`,
        {
          pod: pod.name,
        },
      );
    killed.set(pod.name, processes);
  }
  request.record.record(
    [],
    [...killed].map(([pod, processes]) => `killed ${pod}: ${describeProcesses(processes)}`),
  );
  return killed;
}

/** Every killed process is gone. */
export function proveKilled(killed: Map<string, ProcessInfo[]>): Proof {
  const lines: string[] = [];
  let ok = true;
  for (const [pod, processes] of killed) {
    const alive = survivors(processes);
    ok &&= alive.length === 0;
    lines.push(
      alive.length === 0
        ? `${pod}: all ${describeProcesses(processes)} gone`
        : `${pod}: ${describeProcesses(alive)} still alive`,
    );
  }
  return { ok, detail: lines.join('; ') };
}

/** What the supervisor did since: restarted pods and their new pids, for the record. */
export function restartState(stateDir: string, pods: readonly string[]): string {
  const state = readClusterState(stateDir);
  return pods
    .map((name) => {
      const status = state?.pods.find((entry) => entry.pod.name === name)?.status;
      return status?.pid
        ? `${name} running again as pid ${status.pid}`
        : `${name} ${status?.state ?? 'unknown'}`;
    })
    .join('; ');
}

/**
 * PodChaos `pod-kill`: SIGKILL the pod's processes (after SIGTERM and `gracePeriod` when given);
 * the supervisor restarts it as the StatefulSet controller would. Nothing to undo.
 */
export const podKill: Injector<PodChaosFault> = async (request) => {
  const killed = await killTargets(request);
  return journaledFault(request.record, request.context.clock, {
    description: `pod-kill ${[...killed.keys()].join(', ')}`,
    differences: [
      'the pod is restarted by the local supervisor with its backoff (1 s, doubling), not recreated by a controller',
      'the same pod name and address come back; data folders persist as with a StatefulSet volume',
    ],
    proveBites: async () => proveKilled(killed),
    proveRestored: async () => ({
      ok: true,
      detail: restartState(request.context.stateDir, [...killed.keys()]),
    }),
  });
};
