import { CLUSTER_LABEL, PROBE_JOB } from '../../exporter/index.ts';
import type { Series } from '../promql/index.ts';
import type { Observations } from './observations.ts';
import { SCRAPE_JOBS } from './scrape-jobs.ts';

const sample = (name: string, labels: Record<string, string>, value: number): Series => ({
  labels: { __name__: name, ...labels },
  value,
});

function engineSeries(o: Observations): Series[] {
  const series: Series[] = [];
  for (const node of o.cassandra ?? [])
    for (const status of ['up', 'down'])
      series.push(
        sample(
          'cassandra_node_status',
          { cluster: CLUSTER_LABEL, node: node.node, status },
          (status === 'up') === node.up ? 1 : 0,
        ),
      );
  for (const member of o.postgres ?? []) {
    series.push(sample('pg_up', { instance: member.member, role: member.role }, member.running ? 1 : 0));
    if (member.lagSeconds !== undefined)
      series.push(
        sample('pg_replication_lag', { database: CLUSTER_LABEL, instance: member.member }, member.lagSeconds),
      );
  }
  if (o.redis) {
    const cluster = { cluster: CLUSTER_LABEL };
    series.push(
      sample('redis_cluster_state', cluster, o.redis.clusterOk ? 1 : 0),
      sample('redis_cluster_known_nodes', cluster, o.redis.knownNodes),
      sample('redis_cluster_failed_nodes', cluster, o.redis.failedNodes),
      ...o.redis.nodes.map((n) => sample('redis_node_up', { ...cluster, node: n.node }, n.up ? 1 : 0)),
    );
  }
  for (const cell of o.matrix ?? []) {
    const labels = { job: PROBE_JOB, source: cell.source, target: cell.target };
    series.push(
      sample('probe_success', labels, cell.status >= 200 && cell.status < 300 ? 1 : 0),
      sample('probe_http_status_code', labels, cell.status),
    );
  }
  return series;
}

/**
 * The series the alert rules read, as status observed them: the exporter's (read back from its
 * scrape), the breaker states of each service's health, and the `up` of status's own scrapes
 * under monitoring/prometheus.yml's job names. A part not observed has no series: absent,
 * exactly as Prometheus would see it.
 */
export function observedSeries(o: Observations): Series[] {
  const series = engineSeries(o);
  if (o.exporterUp !== undefined)
    series.push(sample('up', { job: SCRAPE_JOBS.exporter }, o.exporterUp ? 1 : 0));
  for (const service of o.services) {
    series.push(
      sample('up', { job: SCRAPE_JOBS.services, pod: service.pod }, service.status === 'UNREACHABLE' ? 0 : 1),
    );
    for (const [name, state] of Object.entries(service.openBreakers))
      series.push(
        sample(
          'resilience4j_circuitbreaker_state',
          { service: service.service, name, state: state.toLowerCase() },
          1,
        ),
      );
  }
  return series;
}
