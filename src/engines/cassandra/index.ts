export { isUnavailable, RETRY_AFTER_SECONDS, storeErrorOf } from './cassandra-errors.ts';
export { cassandraHealth, healthProbeTable, type CassandraHealthDetails } from './cassandra-health.ts';
export { cassandraSettingsOf, clientOptionsFor, type CassandraSettings } from './cassandra-options.ts';
export { cqlTable, ensureTables, type CqlTable } from './cassandra-schema.ts';
export {
  CassandraSession,
  queryOptionsOf,
  type ExecuteOptions,
  type NodeState,
} from './cassandra-session.ts';
export {
  idempotentWrite,
  lightweightTransaction,
  readStatement,
  serialReadStatement,
  supersedingTimestamp,
  writeTimestampOf,
  type CqlStatement,
} from './cql-statement.ts';
export { bigintOf, dateOf, documentOf, optionalDateOf, optionalTextOf, textOf } from './cql-row.ts';
export { openCassandra } from './open-cassandra.ts';
export { countOf, readWindow } from './partition-window.ts';
export { QUORUM_LOST, readAtQuorumOrOne, type QuorumRead } from './quorum-fallback.ts';
export { claimKey, contentionPauseMs, isUncertainWrite, type ClaimResult } from './lightweight-claim.ts';
