import type { Window } from './latency-recorder.ts';

/** One second of a run, as the live line shows it. */
export interface SecondProgress {
  /** Seconds since the start. */
  second: number;
  /** Requests started in this second. */
  started: number;
  targetRate: number;
  inFlight: number;
  window: Window;
}

/** `  12s  sent 100/s (100)  done 99/s  errors 503×1  p50 3.1ms  p99 12ms  in flight 2`. */
export function progressLine(progress: SecondProgress): string {
  const { window } = progress;
  const errors = Object.entries(window.errors)
    .map(([result, count]) => `${result}×${count}`)
    .join(' ');
  return [
    `${String(progress.second).padStart(4)}s`,
    `sent ${progress.started}/s (${progress.targetRate})`,
    `done ${window.completed}/s`,
    `errors ${errors || '0'}`,
    `p50 ${window.latency.p50}ms`,
    `p99 ${window.latency.p99}ms`,
    `in flight ${progress.inFlight}`,
  ].join('  ');
}
