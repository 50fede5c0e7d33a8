export { runTool, type ToolCommand, type ToolResult } from './admin-tool.ts';
export { adminTools, runbookRedisArgs, type AdminTool, type ToolOutput } from './admin-tools.ts';
export {
  BUTTERFLY_KEYSPACE,
  KEYSPACE_REPLICATION,
  cassandraReadiness,
} from './cassandra/cassandra-readiness.ts';
export { cqlQuery, formatCqlTable, withNodeSession, type CqlTable } from './cassandra/cql.ts';
export { nodetool, parseNodetoolStatus, type NodeStatus } from './cassandra/nodetool.ts';
export {
  CASSANDRA_VERSION,
  cacheDirOf,
  cassandraLibDir,
  engineBinaries,
  type EngineBinaries,
} from './engine-binaries.ts';
export type { EngineContext } from './engine-context.ts';
export { etcdClientUrl, etcdctl } from './etcd/etcd-pod.ts';
export { podDir, podLogFile } from './pod-files.ts';
export { PATRONI_SCOPE, POSTGRES_CREDENTIALS, SERVICE_DATABASES } from './postgres/patroni-config.ts';
export { patroniMembers, postgresReadiness, type PatroniMember } from './postgres/postgres-readiness.ts';
export { pgIsReady, patronictl, psql, psqlQuery } from './postgres/postgres-tools.ts';
export { awaitReady, type Readiness } from './readiness.ts';
export {
  parseClusterNodes,
  parseInfo,
  redisClusterReadiness,
  type ClusterNode,
} from './redis/redis-cluster.ts';
export { redisCli } from './redis/redis-pod.ts';
export { cassandraPodSpec, prepareCassandraPod } from './cassandra/cassandra-pod.ts';
export { etcdPodSpec, prepareEtcdPod } from './etcd/etcd-pod.ts';
export { postgresPodSpec, preparePostgresPod } from './postgres/postgres-pod.ts';
export { prepareRedisPod, redisPodSpec } from './redis/redis-pod.ts';
export { etcdReadiness } from './etcd/etcd-pod.ts';
export { createClusterIfNew, redisPingReadiness } from './redis/redis-cluster.ts';
export { cassandraJar } from './engine-binaries.ts';
