export { PatroniSqlClient, type RouterDeps, type RoutingEvent } from './patroni-sql-client.ts';
export { postgresHealthIndicator, type PostgresHealthDetails } from './postgres-health.ts';
export {
  postgresOptionsFrom,
  ROUTER_DEFAULTS,
  type PostgresOptions,
  type RouterOverrides,
} from './postgres-options.ts';
export {
  parseClusterView,
  type ClusterView,
  type MemberAddress,
  type ReplicaMember,
} from './patroni-cluster.ts';
