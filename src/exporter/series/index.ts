export { CLUSTER_LABEL, EXPORTER_METRICS, PROBE_JOB, type MetricName } from './metric-catalog.ts';
export type { Sample } from './sample.ts';
