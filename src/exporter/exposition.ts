import { Gauge, Registry } from 'prom-client';
import type { Sample } from './series/index.ts';
import { EXPORTER_METRICS, type MetricName } from './series/index.ts';

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

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;
const UNESCAPE: Readonly<Record<string, string>> = { '\\\\': '\\', '\\"': '"', '\\n': '\n' };

function sampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * Reads the text format back into samples: what `render` wrote, as a client of `/metrics` gets
 * it (`butterfly status` reads the exporter pod this way). Series outside the catalog are skipped;
 * a line that is not a sample throws.
 */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name, body = '', value] = match;
    if (!(name! in EXPORTER_METRICS)) continue;
    const labels: Record<string, string> = {};
    let read = 0;
    LABEL_PAIR.lastIndex = 0;
    for (let pair = LABEL_PAIR.exec(body); pair; pair = LABEL_PAIR.exec(body)) {
      labels[pair[1]!] = pair[2]!.replace(/\\[\\"n]/g, (escape) => UNESCAPE[escape]!);
      read = LABEL_PAIR.lastIndex;
    }
    if (read !== body.length) throw new Error(`unreadable labels: ${line}`);
    samples.push({ name: name as MetricName, labels, value: sampleValue(value!) });
  }
  return samples;
}
