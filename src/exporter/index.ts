export type { Collector, Sample } from './collectors/collector.ts';
export { DEFAULT_SCRAPE_DEADLINE_MS, startExporterServer, type ExporterServer } from './exporter-server.ts';
export { render } from './exposition.ts';
export { localCollectors, rolesFileOf } from './local-exporter.ts';
export { CLUSTER_LABEL, EXPORTER_METRICS, PROBE_JOB, type MetricName } from './metric-catalog.ts';
export { scrape } from './scrape.ts';
