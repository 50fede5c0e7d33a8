import { join } from 'node:path';
import type { EnginePod } from '../../index.ts';
import type { PodProcessSpec } from '../../supervisor/index.ts';
import type { ToolCommand } from '../admin-tool.ts';
import type { EngineContext } from '../engine-context.ts';
import { ownedDir, podDir, podLogFile, runAsPodUser } from '../pod-files.ts';
import { notReady, ready, type Readiness } from '../readiness.ts';

/** The client URL of an etcd pod, as Patroni and etcdctl address it. */
export function etcdClientUrl(pod: EnginePod): string {
  return `http://${pod.address}:${pod.ports.client}`;
}

function peerUrl(pod: EnginePod): string {
  return `http://${pod.address}:${pod.ports.peer}`;
}

/** Creates the member's data folder, owned by its uid. */
export function prepareEtcdPod(pod: EnginePod, context: EngineContext): void {
  ownedDir(podDir(context.stateDir, pod), pod.uid);
}

/**
 * A single-member etcd (v3 API; the v2 API is off in etcd 3.4, so Patroni uses `etcd3:`). The
 * `--initial-*` flags only matter on the first start; afterwards the data folder wins.
 */
export function etcdPodSpec(pod: EnginePod, context: EngineContext): PodProcessSpec {
  const dir = podDir(context.stateDir, pod);
  // prettier-ignore
  const args = [
    '--name', pod.name,
    '--data-dir', join(dir, 'data'),
    '--listen-client-urls', etcdClientUrl(pod),
    '--advertise-client-urls', etcdClientUrl(pod),
    '--listen-peer-urls', peerUrl(pod),
    '--initial-advertise-peer-urls', peerUrl(pod),
    '--initial-cluster', `${pod.name}=${peerUrl(pod)}`,
    '--initial-cluster-state', 'new',
    '--logger', 'zap',
    '--log-level', 'warn',
  ];
  return {
    id: pod.name,
    ...runAsPodUser(context.binaries.setpriv, pod.uid, context.binaries.etcd, args),
    env: { HOME: dir },
    logFile: podLogFile(context.stateDir, pod),
  };
}

/** Ready when `/health` answers `{"health":"true"}`. */
export async function etcdReadiness(pod: EnginePod): Promise<Readiness> {
  try {
    const response = await fetch(`${etcdClientUrl(pod)}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as { health?: string };
    return body.health === 'true'
      ? ready(`${pod.name} healthy`)
      : notReady(`${pod.name} /health: ${JSON.stringify(body)}`);
  } catch (error) {
    return notReady(`${pod.name}: ${(error as Error).message}`);
  }
}

/** `etcdctl <args>` against the pod (API v3). */
export function etcdctl(pod: EnginePod, context: EngineContext, args: readonly string[]): ToolCommand {
  return {
    command: context.binaries.etcdctl,
    args: [`--endpoints=${etcdClientUrl(pod)}`, ...args],
    env: { ETCDCTL_API: '3' },
  };
}
