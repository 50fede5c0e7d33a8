export type { Collector } from './collectors/index.ts';
export type { Sample } from './series/index.ts';
export { DEFAULT_SCRAPE_DEADLINE_MS, startExporterServer, type ExporterServer } from './exporter-server.ts';
export { parseExposition, render } from './exposition.ts';
export { localCollectors, rolesFileOf } from './local-exporter.ts';
export { CLUSTER_LABEL, EXPORTER_METRICS, PROBE_JOB, type MetricName } from './series/index.ts';
export { scrape } from './scrape.ts';
