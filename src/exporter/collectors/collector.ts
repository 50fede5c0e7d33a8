import type { Sample } from '../series/index.ts';

/**
 * One engine's or concern's part of a scrape. `collect` must give up when `signal` aborts: the
 * scrape has a deadline, and an engine that hangs must not hang /metrics.
 */
export interface Collector {
  name: string;
  collect(signal: AbortSignal): Promise<Sample[]>;
}
