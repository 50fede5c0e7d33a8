import { build, type Histogram } from 'hdr-histogram-js';
import { LOAD_OPERATIONS, type LoadOperation } from './load-mix.ts';

/** Latencies are recorded in microseconds, from 1 µs to 10 min, to three significant digits. */
const HISTOGRAM = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 600_000_000,
  numberOfSignificantValueDigits: 3,
} as const;

/** Percentiles of one histogram, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** One finished request. */
export interface Outcome {
  operation: LoadOperation;
  /** `ok` or `ok:<how>`, an HTTP status (`503`), or what failed without one (`timeout`, `ECONNREFUSED`, `golden-fail`). */
  result: string;
  /** From the intended start: what a user waiting on the schedule saw. */
  latencyMs: number;
  /** From the actual start: what the service took (hides a late start). */
  serviceMs: number;
}

/** The counts and latencies of one second, for the live line. */
export interface Window {
  completed: number;
  errors: Record<string, number>;
  latency: LatencySummary;
}

/** `ok` and `ok:<how>` (e.g. `ok:queued`) are successes; anything else is an error. */
export function isSuccess(result: string): boolean {
  return result === 'ok' || result.startsWith('ok:');
}

const newHistogram = (): Histogram => build(HISTOGRAM);

/** Summarises a histogram of microseconds in milliseconds. */
export function summarise(histogram: Histogram): LatencySummary {
  const ms = (us: number) => Math.round(us) / 1000;
  const empty = histogram.totalCount === 0;
  return {
    count: histogram.totalCount,
    p50: empty ? 0 : ms(histogram.getValueAtPercentile(50)),
    p90: empty ? 0 : ms(histogram.getValueAtPercentile(90)),
    p99: empty ? 0 : ms(histogram.getValueAtPercentile(99)),
    p999: empty ? 0 : ms(histogram.getValueAtPercentile(99.9)),
    max: empty ? 0 : ms(histogram.maxValue),
    mean: empty ? 0 : Math.round(histogram.mean) / 1000,
  };
}

/**
 * Per-operation HDR histograms (hdr-histogram-js) of latency from the intended start and of
 * service time, result counts, and a one-second window for the live progress line.
 */
export class LatencyRecorder {
  readonly #latency = new Map<LoadOperation, Histogram>(LOAD_OPERATIONS.map((op) => [op, newHistogram()]));
  readonly #service = new Map<LoadOperation, Histogram>(LOAD_OPERATIONS.map((op) => [op, newHistogram()]));
  readonly #results = new Map<LoadOperation, Record<string, number>>(LOAD_OPERATIONS.map((op) => [op, {}]));
  readonly #window = newHistogram();
  #windowErrors: Record<string, number> = {};

  /** Records one finished request. */
  record(outcome: Outcome): void {
    const latencyUs = Math.max(1, Math.round(outcome.latencyMs * 1000));
    this.#latency.get(outcome.operation)!.recordValue(latencyUs);
    this.#service.get(outcome.operation)!.recordValue(Math.max(1, Math.round(outcome.serviceMs * 1000)));
    const results = this.#results.get(outcome.operation)!;
    results[outcome.result] = (results[outcome.result] ?? 0) + 1;
    this.#window.recordValue(latencyUs);
    if (!isSuccess(outcome.result))
      this.#windowErrors[outcome.result] = (this.#windowErrors[outcome.result] ?? 0) + 1;
  }

  /** Counts a start shed at the in-flight cap as an error of its operation. */
  shed(operation: LoadOperation): void {
    const results = this.#results.get(operation)!;
    results.shed = (results.shed ?? 0) + 1;
    this.#windowErrors.shed = (this.#windowErrors.shed ?? 0) + 1;
  }

  /** The second since the last call, then starts a new one. */
  takeWindow(): Window {
    const window = {
      completed: this.#window.totalCount,
      errors: this.#windowErrors,
      latency: summarise(this.#window),
    };
    this.#window.reset();
    this.#windowErrors = {};
    return window;
  }

  /** Results of an operation: `ok` and each error, with counts. */
  results(operation: LoadOperation): Readonly<Record<string, number>> {
    return this.#results.get(operation)!;
  }

  /** Latency from the intended start of an operation. */
  latency(operation: LoadOperation): LatencySummary {
    return summarise(this.#latency.get(operation)!);
  }

  /** Service time (from the actual start) of an operation. */
  serviceTime(operation: LoadOperation): LatencySummary {
    return summarise(this.#service.get(operation)!);
  }

  /** All operations' latencies in one histogram. */
  overall(): LatencySummary {
    const all = newHistogram();
    for (const histogram of this.#latency.values()) all.add(histogram);
    return summarise(all);
  }
}
