import type { Health, HealthIndicator } from '../../kit/health/index.ts';
import { clusterHealthDetails } from './cluster-info.ts';
import type { RedisConnection } from './redis-connection.ts';

/** What the health check needs from the connection. */
export type RedisHealthSource = Pick<
  RedisConnection,
  'run' | 'status' | 'lastError' | 'whenReady' | 'options'
>;

/**
 * The `redis` health component: UP when `CLUSTER INFO` says `cluster_state:ok`, with the masters
 * and failed nodes from `CLUSTER NODES`; DOWN otherwise. Never part of readiness: NEXUS and
 * SYNAPSE serve without Redis (cache misses, the local limiter), as the runbook promises.
 */
export function redisHealthIndicator(connection: RedisHealthSource): HealthIndicator {
  const { connectTimeoutMs, commandTimeoutMs } = connection.options;
  return {
    name: 'redis',
    readiness: false,
    // Waiting for a first connection, then two commands, each bounded.
    timeoutMs: connectTimeoutMs + 2 * commandTimeoutMs + 100,
    async check(signal): Promise<Health> {
      // Only the first connection is worth waiting for; after a failure the answer is known.
      if (connection.status !== 'ready' && connection.lastError === undefined)
        await connection.whenReady(connectTimeoutMs, signal);
      if (connection.status !== 'ready') {
        return {
          status: 'DOWN',
          details: { clientStatus: connection.status, error: connection.lastError ?? 'not connected yet' },
        };
      }
      const info = await connection.run('CLUSTER INFO', (client) => client.cluster('INFO'));
      const nodes = await connection.run('CLUSTER NODES', (client) => client.cluster('NODES').then(String));
      const details = clusterHealthDetails(info, nodes);
      return {
        status: details.clusterState === 'ok' ? 'UP' : 'DOWN',
        details: { ...details, clientStatus: connection.status },
      };
    },
  };
}
