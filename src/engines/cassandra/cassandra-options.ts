import { policies, types, type ClientOptions } from 'cassandra-driver';
import type { ServiceConfig } from '../../kit/config/index.ts';

/** What a Cassandra client is built from: where the cluster is and how long to wait for it. */
export interface CassandraSettings {
  readonly contactPoints: readonly string[];
  readonly datacenter: string;
  readonly keyspace: string;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  /** Budget for a schema change and the cluster agreeing on it (DDL is slow on a small box). */
  readonly schemaTimeoutMs: number;
}

/** Connections per node in the local data center; with `MAX_REQUESTS_PER_CONNECTION` the pool's bound. */
export const CONNECTIONS_PER_HOST = 2;

/** In-flight requests per connection before the driver moves on (BusyConnectionError), never queueing. */
export const MAX_REQUESTS_PER_CONNECTION = 1024;

/** The consistency every statement uses unless it says otherwise: RF 3 survives one node down. */
export const DEFAULT_CONSISTENCY = types.consistencies.localQuorum;

/** The Paxos consistency of lightweight transactions (and of reads that must see them). */
export const SERIAL_CONSISTENCY = types.consistencies.localSerial;

/** The settings of a service's Cassandra client, from its config. */
export function cassandraSettingsOf(config: Pick<ServiceConfig, 'engines'>): CassandraSettings {
  const { cassandra, connectTimeoutMs, queryTimeoutMs } = config.engines;
  return {
    contactPoints: cassandra.contactPoints,
    datacenter: cassandra.datacenter,
    keyspace: cassandra.keyspace,
    connectTimeoutMs,
    queryTimeoutMs,
    schemaTimeoutMs: Math.max(30_000, queryTimeoutMs),
  };
}

/** The delay before the driver races an idempotent statement on a second node. */
export function speculativeDelayMs(queryTimeoutMs: number): number {
  // A quarter of the budget: late enough that a healthy node answers first, early enough that a
  // node that died without closing its sockets does not eat the whole query timeout.
  return Math.max(50, Math.round(queryTimeoutMs / 4));
}

/**
 * The driver's options. Every timeout is bounded: connect (`connectTimeout`), each request
 * (`readTimeout`, per attempt), and acquiring a connection, which never waits: a pool whose
 * connections all carry `MAX_REQUESTS_PER_CONNECTION` requests fails over to the next node.
 */
export function clientOptionsFor(settings: CassandraSettings): ClientOptions {
  return {
    contactPoints: [...settings.contactPoints],
    localDataCenter: settings.datacenter,
    keyspace: settings.keyspace,
    queryOptions: {
      consistency: DEFAULT_CONSISTENCY,
      serialConsistency: SERIAL_CONSISTENCY,
      prepare: true,
      // Nothing is retried or speculated unless its statement says it is safe to run twice.
      isIdempotent: false,
      captureStackTrace: false,
    },
    socketOptions: {
      connectTimeout: settings.connectTimeoutMs,
      readTimeout: settings.queryTimeoutMs,
      keepAlive: true,
      tcpNoDelay: true,
    },
    pooling: {
      coreConnectionsPerHost: { [types.distance.local]: CONNECTIONS_PER_HOST, [types.distance.remote]: 0 },
      maxRequestsPerConnection: MAX_REQUESTS_PER_CONNECTION,
      // Idle connections to a node that vanished without a FIN are found within this.
      heartBeatInterval: 10_000,
    },
    policies: {
      loadBalancing: new policies.loadBalancing.TokenAwarePolicy(
        new policies.loadBalancing.DCAwareRoundRobinPolicy(settings.datacenter),
      ),
      reconnection: new policies.reconnection.ExponentialReconnectionPolicy(500, 10_000, false),
      speculativeExecution: new policies.speculativeExecution.ConstantSpeculativeExecutionPolicy(
        speculativeDelayMs(settings.queryTimeoutMs),
        1,
      ),
    },
    protocolOptions: { maxSchemaAgreementWaitSeconds: Math.ceil(settings.schemaTimeoutMs / 1000) },
  };
}
