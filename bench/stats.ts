/** Percentiles of a sample (nearest-rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50/p95/p99 in milliseconds, rounded for printing. */
export function summary(samples: readonly number[]): { n: number; p50: number; p95: number; p99: number } {
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
  };
}

/** Runs `task` `count` times with at most `concurrency` in flight; returns per-task latencies and the wall time. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const begun = performance.now();
        await task(i);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}
