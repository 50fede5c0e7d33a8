import { Gauge, Registry } from 'prom-client';
import type { Sample } from './collectors/collector.ts';
import { EXPORTER_METRICS, type MetricName } from './metric-catalog.ts';

/** The content type of the Prometheus text format that `render` produces. */
export const EXPOSITION_CONTENT_TYPE = new Registry().contentType;

/**
 * One scrape's samples in the Prometheus text format. A fresh registry each time: a series
 * not collected in this scrape (a member gone, a collector that missed its deadline) is absent
 * rather than repeating its last value.
 */
export async function render(samples: readonly Sample[]): Promise<string> {
  const registry = new Registry();
  const gauges = new Map<MetricName, Gauge>();
  for (const [name, metric] of Object.entries(EXPORTER_METRICS) as [
    MetricName,
    (typeof EXPORTER_METRICS)[MetricName],
  ][]) {
    gauges.set(
      name,
      new Gauge({ name, help: metric.help, labelNames: metric.labels, registers: [registry] }),
    );
  }
  for (const sample of samples) gauges.get(sample.name)!.set({ ...sample.labels }, sample.value);
  return registry.metrics();
}
