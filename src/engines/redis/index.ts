export { clusterHealthDetails, type ClusterHealthDetails } from './cluster-info.ts';
export { openRedisCluster } from './open-redis-cluster.ts';
export {
  RedisConnection,
  type RedisClusterClient,
  type RedisCommandRunner,
  type RedisLog,
} from './redis-connection.ts';
export { redisHealthIndicator } from './redis-health.ts';
export {
  compileRedisOptions,
  parseNodeAddress,
  reconnectDelayMs,
  type CompiledRedisOptions,
  type RedisNodeAddress,
} from './redis-options.ts';
