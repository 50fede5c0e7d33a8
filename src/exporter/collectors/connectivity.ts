import type { Clock } from '../../kit/time/index.ts';
import { PROBE_JOB } from '../series/index.ts';
import type { Sample } from '../series/index.ts';
import type { Collector } from './collector.ts';

/** A service pod: its name, the address its connections leave from, and its base URL. */
export interface ServiceEndpoint {
  /** The service name (`capsule`, …): the `source`/`target` label. */
  service: string;
  address: string;
  /** e.g. `http://127.0.1.2:8080`. */
  baseUrl: string;
}

/** GETs `target`'s health from `source`'s address; the HTTP status, or 0 when no answer came. */
export type HealthProbe = (
  source: ServiceEndpoint,
  target: ServiceEndpoint,
  signal: AbortSignal,
) => Promise<number>;

/** Options of the connectivity collector. */
export interface ConnectivityCollectorOptions {
  services: readonly ServiceEndpoint[];
  probe: HealthProbe;
  clock: Clock;
}

/**
 * The runbook's N×N loop as series: `probe_success`, `probe_http_status_code` and
 * `probe_duration_seconds` for every ordered pair of distinct services, all pairs at once.
 */
export function connectivityCollector(options: ConnectivityCollectorOptions): Collector {
  const pairs = options.services.flatMap((source) =>
    options.services.filter((target) => target !== source).map((target) => ({ source, target })),
  );
  return {
    name: 'connectivity',
    async collect(signal) {
      const results = await Promise.all(
        pairs.map(async ({ source, target }) => {
          const started = options.clock.now();
          const status = await options.probe(source, target, signal).catch(() => 0);
          return { source, target, status, seconds: (options.clock.now() - started) / 1000 };
        }),
      );
      return results.flatMap(({ source, target, status, seconds }): Sample[] => {
        const labels = { job: PROBE_JOB, source: source.service, target: target.service };
        return [
          { name: 'probe_success', labels, value: status >= 200 && status < 300 ? 1 : 0 },
          { name: 'probe_http_status_code', labels, value: status },
          { name: 'probe_duration_seconds', labels, value: seconds },
        ];
      });
    },
  };
}
