import { Redis } from 'ioredis';
import { parseClusterNodes, parseInfo } from '../../cluster/engines/index.ts';
import type { RedisNode, RedisNodeView } from './redis.ts';

/**
 * `CLUSTER INFO` and `CLUSTER NODES` from one node over a connection of its own, made for this
 * scrape and closed after it: no retries, no offline queue, so a dead node fails at once and a
 * hung one when `signal` aborts.
 */
export async function redisClusterView(node: RedisNode, signal: AbortSignal): Promise<RedisNodeView> {
  const client = new Redis({
    host: node.address,
    port: node.port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error(`${node.name}: no answer before the scrape deadline`));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([client.connect(), aborted]);
    const [info, nodes] = await Promise.race([
      Promise.all([client.call('CLUSTER', 'INFO'), client.call('CLUSTER', 'NODES')]),
      aborted,
    ]);
    return {
      info: parseInfo(String(info)),
      failing: parseClusterNodes(String(nodes))
        .filter((peer) => peer.flags.includes('fail') || peer.flags.includes('fail?'))
        .map((peer) => peer.address),
    };
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.disconnect();
  }
}
