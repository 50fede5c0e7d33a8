/**
 * Every series the exporter serves, with its help text and labels. docs/metrics.md describes
 * each one and a test keeps the two in step; the alert rules in monitoring/ are written
 * against these names.
 */
export const EXPORTER_METRICS = {
  cassandra_node_status: {
    help: 'Cassandra node status: 1 for the node’s current status (up: it answers a CQL handshake; down: it does not), 0 for the other.',
    labels: ['cluster', 'node', 'status'],
  },
  pg_up: {
    help: 'PostgreSQL member up: 1 when its Patroni answers and reports PostgreSQL running. role is the live Patroni role, or the last one seen while the member is unreachable (unknown if never seen).',
    labels: ['instance', 'role'],
  },
  pg_replication_lag: {
    help: 'Seconds a PostgreSQL replica is behind the primary: 0 when it has replayed everything the primary wrote, otherwise the age of the last transaction it replayed.',
    labels: ['database', 'instance'],
  },
  redis_cluster_state: {
    help: 'Redis cluster state: 1 when every answering node reports cluster_state:ok, 0 otherwise (or when no node answers).',
    labels: ['cluster'],
  },
  redis_cluster_known_nodes: {
    help: 'Nodes the Redis cluster knows (cluster_known_nodes, the highest any answering node reports).',
    labels: ['cluster'],
  },
  redis_cluster_failed_nodes: {
    help: 'Redis nodes that are failed: not answering CLUSTER INFO, or flagged fail/fail? by the cluster.',
    labels: ['cluster'],
  },
  redis_node_up: {
    help: 'Redis node up: 1 when it answers CLUSTER INFO within the timeout.',
    labels: ['cluster', 'node'],
  },
  probe_success: {
    help: "Service connectivity: 1 when target's /actuator/health answered 2xx to a request sent from source's pod address.",
    labels: ['job', 'source', 'target'],
  },
  probe_http_status_code: {
    help: 'HTTP status of the connectivity probe from source to target; 0 when no answer came.',
    labels: ['job', 'source', 'target'],
  },
  probe_duration_seconds: {
    help: 'How long the connectivity probe from source to target took, answered or not.',
    labels: ['job', 'source', 'target'],
  },
  butterfly_exporter_collector_success: {
    help: 'Whether a collector finished within the scrape deadline (1) or failed or ran out of time (0, its series are missing).',
    labels: ['collector'],
  },
  butterfly_exporter_collector_duration_seconds: {
    help: 'How long each collector took in this scrape.',
    labels: ['collector'],
  },
} as const satisfies Record<string, { help: string; labels: readonly string[] }>;

/** The name of a series the exporter serves. */
export type MetricName = keyof typeof EXPORTER_METRICS;

/** The cluster label of Cassandra and Redis series, and the database label of lag: the runbook's. */
export const CLUSTER_LABEL = 'butterfly';

/** The job label of probe_success, as the runbook's blackbox-exporter query selects it. */
export const PROBE_JOB = 'blackbox-exporter';
