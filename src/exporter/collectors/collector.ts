import type { MetricName } from '../metric-catalog.ts';

/** One value of one series. */
export interface Sample {
  name: MetricName;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * One engine's or concern's part of a scrape. `collect` must give up when `signal` aborts: the
 * scrape has a deadline, and an engine that hangs must not hang /metrics.
 */
export interface Collector {
  name: string;
  collect(signal: AbortSignal): Promise<Sample[]>;
}
