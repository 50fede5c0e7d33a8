import type { Pod } from '../../index.ts';

/** How long a node may be unreachable before the cluster fails it over (ms). */
export const CLUSTER_NODE_TIMEOUT_MS = 5000;

/**
 * `redis.conf` of one cluster node. `cluster-announce-ip` is required: the cluster bus
 * connections between loopback addresses come from 127.0.0.1, so without it the nodes record
 * each other at the wrong address and `--cluster create` waits forever. The log goes to
 * stdout, which the supervisor appends to the pod's log.
 */
export function renderRedisConf(pod: Pod, dataDir: string): string {
  const lines: [string, string | number][] = [
    ['bind', pod.address],
    ['port', pod.ports.redis!],
    ['protected-mode', 'no'],
    ['daemonize', 'no'],
    ['dir', dataDir],
    ['logfile', '""'],
    ['cluster-enabled', 'yes'],
    ['cluster-config-file', 'nodes.conf'],
    ['cluster-node-timeout', CLUSTER_NODE_TIMEOUT_MS],
    ['cluster-announce-ip', pod.address],
    ['appendonly', 'yes'],
    ['appendfsync', 'everysec'],
    ['save', '""'],
    ['repl-diskless-sync', 'yes'],
    ['repl-diskless-sync-delay', 0],
  ];
  return lines.map(([key, value]) => `${key} ${value}`).join('\n') + '\n';
}
