/**
 * The scrape jobs of monitoring/prometheus.yml. Status has no Prometheus, so it writes the `up`
 * series itself from its own scrapes (answered or not) under the same job names; a unit test
 * keeps these names and the file in step.
 */
export const SCRAPE_JOBS = { exporter: 'butterfly-exporter', services: 'butterfly-services' } as const;

/** The exporter's pod name and `app` label (src/cluster/local), as Chaos Mesh selectors name it. */
export const EXPORTER_POD = 'butterfly-exporter';
