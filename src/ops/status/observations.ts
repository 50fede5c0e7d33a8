import type { ServiceName } from '../../kit/platform/index.ts';

/** A health status as the actuator reports it; `UNREACHABLE` when the service did not answer. */
export type HealthStatus = 'UP' | 'DOWN' | 'OUT_OF_SERVICE' | 'UNKNOWN' | 'UNREACHABLE';

/** One service's `/actuator/health`, asked from the operator's machine. */
export interface ServiceHealth {
  service: ServiceName;
  pod: string;
  status: HealthStatus;
  /** The engine components the runbook looks at, when the service has them. */
  components: Partial<Record<'cassandra' | 'db' | 'redis', HealthStatus>>;
  /** Breakers that are not closed, by name (`capsule-client`: `OPEN`). */
  openBreakers: Record<string, string>;
}

/** One ordered pair of the connectivity matrix: the HTTP status, 0 when no answer came. */
export interface MatrixCell {
  source: ServiceName;
  target: ServiceName;
  status: number;
}

/** A Cassandra node, by pod name. */
export interface CassandraObservation {
  node: string;
  up: boolean;
}

/** A Patroni member: its live (or last known) role, and whether PostgreSQL runs. */
export interface PostgresObservation {
  member: string;
  role: 'primary' | 'replica' | 'unknown';
  running: boolean;
  /** Seconds behind the primary, for running replicas while a primary answers. */
  lagSeconds?: number;
}

/** A Redis node: whether it answers, its role in the cluster and whether the cluster flags it failed. */
export interface RedisNodeObservation {
  node: string;
  up: boolean;
  role?: 'master' | 'replica';
  failed: boolean;
}

/** The Redis cluster as its answering nodes describe it. */
export interface RedisObservation {
  clusterOk: boolean;
  knownNodes: number;
  failedNodes: number;
  nodes: RedisNodeObservation[];
}

/**
 * Everything `butterfly status` saw in one pass. An engine part is absent when it could not be
 * observed at all (its collector failed or missed the deadline) — not the same as "all down".
 */
export interface Observations {
  at: number;
  profile: 'embedded' | 'local';
  services: ServiceHealth[];
  /** Absent on the embedded profile (every pod shares 127.0.0.1) or when the probe failed. */
  matrix?: MatrixCell[];
  cassandra?: CassandraObservation[];
  postgres?: PostgresObservation[];
  redis?: RedisObservation;
  /**
   * Whether status's own scrape of the exporter pod's /metrics answered (local profile only): the
   * `up{job="butterfly-exporter"}` of its rule evaluation. False leaves every engine part and the
   * matrix absent.
   */
  exporterUp?: boolean;
  /** Pods a fault or an operator holds down (`<state-dir>/holds`). */
  heldPods: string[];
  /** Local chaos faults still journaled (`<state-dir>/chaos/journal`): what a stuck injector left. */
  chaosLeftovers: string[];
  /** What could not be observed, and why. */
  unobserved: string[];
}
