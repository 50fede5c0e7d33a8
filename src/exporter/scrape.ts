import type { Clock } from '../kit/time/index.ts';
import type { Collector } from './collectors/index.ts';
import type { Sample } from './series/index.ts';

/** Options of one scrape. */
export interface ScrapeOptions {
  clock: Clock;
  /** How long every collector together may take; a collector still running then is dropped. */
  deadlineMs: number;
}

/**
 * Runs every collector at once under one deadline and returns their samples plus, per
 * collector, `butterfly_exporter_collector_success` and `…_duration_seconds`. A collector that
 * throws or misses the deadline contributes no series of its own (absent, not stale zeros), and
 * its success series says so.
 */
export async function scrape(collectors: readonly Collector[], options: ScrapeOptions): Promise<Sample[]> {
  const { clock } = options;
  const abort = new AbortController();
  let expired!: () => void;
  const deadline = new Promise<'deadline'>((resolve) => {
    expired = () => resolve('deadline');
  });
  const timer = clock.schedule(options.deadlineMs, () => {
    abort.abort(new Error(`scrape deadline of ${options.deadlineMs}ms passed`));
    expired();
  });
  try {
    const results = await Promise.all(
      collectors.map(async (collector) => {
        const started = clock.now();
        const outcome = await Promise.race([
          collector.collect(abort.signal).catch(() => 'failed' as const),
          deadline,
        ]);
        const samples = typeof outcome === 'string' ? [] : outcome;
        const labels = { collector: collector.name };
        return [
          ...samples,
          {
            name: 'butterfly_exporter_collector_success',
            labels,
            value: typeof outcome === 'string' ? 0 : 1,
          },
          {
            name: 'butterfly_exporter_collector_duration_seconds',
            labels,
            value: (clock.now() - started) / 1000,
          },
        ] satisfies Sample[];
      }),
    );
    return results.flat();
  } finally {
    timer.cancel();
    // Anything still running (a collector that ignores its signal) is told to stop.
    abort.abort(new Error('scrape finished'));
  }
}
