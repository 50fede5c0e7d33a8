import { parseExposition, type Sample } from '../../exporter/index.ts';
import { getText } from './service-health.ts';

/** What status's scrape of the exporter pod gave: its samples, or why there are none. */
export type ExporterScrape = { up: true; samples: Sample[] } | { up: false; reason: string };

/**
 * GETs the exporter pod's /metrics within `timeoutMs`, as Prometheus would: status sees the
 * engines through the same process Prometheus does, so when that process is gone status is
 * blind exactly where the alerts are, and says so.
 */
export async function scrapeExporter(baseUrl: string, timeoutMs: number): Promise<ExporterScrape> {
  try {
    const { status, body } = await getText(`${baseUrl}/metrics`, timeoutMs);
    if (status !== 200) return { up: false, reason: `/metrics answered ${status}` };
    return { up: true, samples: parseExposition(body) };
  } catch (error) {
    return { up: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
