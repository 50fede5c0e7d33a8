import { percentile } from './run-measures.ts';
import type { WorkloadSample } from './run-record.ts';

/** One second of the workload: how many requests started in it, how many failed, their latency. */
export interface TimelineSecond {
  /** Seconds since the run started (the bucket's left edge). */
  second: number;
  requests: number;
  errors: number;
  p50LatencyMs?: number;
  p99LatencyMs?: number;
}

/**
 * Buckets samples into whole seconds from `startedAt` to `endedAt`. Every second of the run has
 * a bucket (an empty second is a real zero in the plot, not a gap); samples outside are dropped.
 */
export function timelineOf(
  samples: readonly WorkloadSample[],
  startedAt: number,
  endedAt: number,
): TimelineSecond[] {
  const seconds = Math.max(1, Math.ceil((endedAt - startedAt) / 1000));
  const buckets: WorkloadSample[][] = Array.from({ length: seconds }, () => []);
  for (const sample of samples) {
    if (sample.at < startedAt || sample.at > endedAt) continue;
    buckets[Math.min(seconds - 1, Math.floor((sample.at - startedAt) / 1000))]!.push(sample);
  }
  return buckets.map((bucket, second) => {
    const latencies = bucket.map((s) => s.latencyMs);
    return {
      second,
      requests: bucket.length,
      errors: bucket.filter((s) => !s.ok).length,
      p50LatencyMs: percentile(latencies, 50),
      p99LatencyMs: percentile(latencies, 99),
    };
  });
}
