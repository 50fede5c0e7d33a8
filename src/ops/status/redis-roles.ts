import { Redis } from 'ioredis';
import { parseClusterNodes, type ClusterNode } from '../../cluster/engines/index.ts';

/** A Redis pod's address, to ask and to recognise in `CLUSTER NODES`. */
export interface RedisPodAddress {
  name: string;
  address: string;
  port: number;
}

/** One pod's role and fail flag as the cluster sees it. */
export interface RedisRole {
  role: 'master' | 'replica';
  failed: boolean;
}

async function clusterNodes(pod: RedisPodAddress, timeoutMs: number): Promise<ClusterNode[]> {
  const client = new Redis({
    host: pod.address,
    port: pod.port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return parseClusterNodes(String(await client.call('CLUSTER', 'NODES')));
  } finally {
    client.disconnect();
  }
}

/**
 * Each pod's role (master/replica) and whether the cluster flags it failing, from the first pod
 * that answers `CLUSTER NODES` — the exporter's Redis series count failed nodes but do not say
 * which pod masters which slots, and status shows that. Empty when no pod answers.
 */
export async function redisRoles(
  pods: readonly RedisPodAddress[],
  timeoutMs: number,
): Promise<Map<string, RedisRole>> {
  const answers = await Promise.allSettled(pods.map((pod) => clusterNodes(pod, timeoutMs)));
  const nodes = answers.find((answer) => answer.status === 'fulfilled')?.value ?? [];
  const roles = new Map<string, RedisRole>();
  for (const node of nodes) {
    const pod = pods.find((candidate) => `${candidate.address}:${candidate.port}` === node.address);
    if (pod)
      roles.set(pod.name, {
        role: node.role,
        failed: node.flags.includes('fail') || node.flags.includes('fail?'),
      });
  }
  return roles;
}
