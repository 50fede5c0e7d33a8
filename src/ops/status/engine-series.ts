import type { Sample } from '../../exporter/index.ts';
import { isServiceName } from '../../kit/platform/index.ts';
import type {
  CassandraObservation,
  MatrixCell,
  PostgresObservation,
  RedisObservation,
} from './observations.ts';

/** What the exporter's series say about the engines and the matrix; a part is absent when its collector failed. */
export interface EngineSeries {
  cassandra?: CassandraObservation[];
  postgres?: PostgresObservation[];
  redis?: RedisObservation;
  matrix?: MatrixCell[];
  /** Collectors that failed or missed the deadline. */
  failedCollectors: string[];
}

const ROLES = new Set(['primary', 'replica']);

/** Reads the exporter's samples (one scrape) back into observations. */
export function engineSeries(samples: readonly Sample[]): EngineSeries {
  const of = (name: string) => samples.filter((sample) => sample.name === name);
  const succeeded = new Set(
    of('butterfly_exporter_collector_success')
      .filter((sample) => sample.value === 1)
      .map((sample) => sample.labels.collector),
  );
  const failedCollectors = of('butterfly_exporter_collector_success')
    .filter((sample) => sample.value !== 1)
    .map((sample) => sample.labels.collector!);
  const series: EngineSeries = { failedCollectors };

  if (succeeded.has('cassandra'))
    series.cassandra = of('cassandra_node_status')
      .filter((sample) => sample.labels.status === 'up')
      .map((sample) => ({ node: sample.labels.node!, up: sample.value === 1 }));

  if (succeeded.has('postgres')) {
    const lag = new Map(of('pg_replication_lag').map((sample) => [sample.labels.instance, sample.value]));
    series.postgres = of('pg_up').map((sample) => {
      const member = sample.labels.instance!;
      const role = sample.labels.role ?? 'unknown';
      const lagSeconds = lag.get(member);
      return {
        member,
        role: ROLES.has(role) ? (role as 'primary' | 'replica') : 'unknown',
        running: sample.value === 1,
        ...(lagSeconds !== undefined ? { lagSeconds: Math.round(lagSeconds * 10) / 10 } : {}),
      };
    });
  }

  if (succeeded.has('redis')) {
    const value = (name: string) => of(name)[0]?.value ?? 0;
    series.redis = {
      clusterOk: value('redis_cluster_state') === 1,
      knownNodes: value('redis_cluster_known_nodes'),
      failedNodes: value('redis_cluster_failed_nodes'),
      nodes: of('redis_node_up').map((sample) => ({
        node: sample.labels.node!,
        up: sample.value === 1,
        failed: sample.value !== 1,
      })),
    };
  }

  if (succeeded.has('connectivity'))
    series.matrix = of('probe_http_status_code').flatMap((sample): MatrixCell[] => {
      const { source = '', target = '' } = sample.labels;
      return isServiceName(source) && isServiceName(target) ? [{ source, target, status: sample.value }] : [];
    });
  return series;
}
