import type { Clock } from '../../../kit/time/index.ts';
import type { ClusterPod } from '../cluster-pods.ts';
import { isSameProcessAlive, processTable, type ProcessInfo } from './process-table.ts';
import { podProcesses, ticksNow } from './pod-processes.ts';

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

/** The processes of a snapshot still alive (same pid and start time). */
export function survivors(snapshot: readonly ProcessInfo[]): ProcessInfo[] {
  return snapshot.filter((info) => isSameProcessAlive(info.pid, info.startTicks));
}

/**
 * Kills every process of a pod, as the kubelet kills a container: SIGTERM and the grace period
 * first when one is given, then SIGKILL. A second sweep catches what the pod forked meanwhile,
 * but not a fresh instance the supervisor started after the kill. Answers what was killed.
 */
export async function killPod(
  pod: ClusterPod,
  options: { gracePeriodMs: number; clock: Clock },
): Promise<ProcessInfo[]> {
  const identity = {
    ...(pod.pid === undefined ? {} : { pid: pod.pid }),
    ...(pod.uid === undefined ? {} : { uid: pod.uid }),
  };
  const snapshot = podProcesses(identity, processTable());
  if (options.gracePeriodMs > 0) {
    for (const info of snapshot) signal(info.pid, 'SIGTERM');
    for (let waited = 0; waited < options.gracePeriodMs && survivors(snapshot).length > 0; waited += 50)
      await options.clock.sleep(50);
  }
  const killedAt = ticksNow();
  for (const info of snapshot) signal(info.pid, 'SIGKILL');
  const late = podProcesses(identity, processTable()).filter(
    (info) => Number(info.startTicks) <= killedAt && !snapshot.some((known) => known.pid === info.pid),
  );
  for (const info of late) signal(info.pid, 'SIGKILL');
  const killed = [...snapshot, ...late];
  for (let waited = 0; waited < 5000 && survivors(killed).length > 0; waited += 20)
    await options.clock.sleep(20);
  return killed;
}

/** `12 processes (pids 100, 101, …)` for reports. */
export function describeProcesses(processes: readonly ProcessInfo[]): string {
  const pids = processes.slice(0, 8).map((info) => info.pid);
  const more = processes.length > 8 ? ', …' : '';
  return `${processes.length} process${processes.length === 1 ? '' : 'es'} (pids ${pids.join(', ')}${more})`;
}
