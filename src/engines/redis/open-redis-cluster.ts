import type { EnginePort } from '../index.ts';
import { RedisConnection } from './redis-connection.ts';
import { redisHealthIndicator } from './redis-health.ts';
import { compileRedisOptions } from './redis-options.ts';

/**
 * Opens the service's connection to the Redis Cluster of the configured engines: starts
 * connecting in the background (start-up never waits for Redis), registers the `redis` health
 * component and closes the connection when the service closes.
 */
export function openRedisCluster(
  port: EnginePort,
  onClose: (hook: () => Promise<void>) => void,
): RedisConnection {
  const connection = new RedisConnection(compileRedisOptions(port.settings), port.clock, port.log);
  port.registerHealth(redisHealthIndicator(connection));
  onClose(() => connection.close());
  connection.connect();
  return connection;
}
