import type { Clock } from './clock.ts';

/** How often and how long `pollUntil` asks. */
export interface PollOptions {
  /** Pause between two probes. */
  readonly everyMs: number;
  /** Give up once this much time has passed since the first probe. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** What a poll ended with: the probe's value once it was defined, or the last value seen at the deadline. */
export type PollOutcome<T> =
  | { readonly done: true; readonly value: T; readonly elapsedMs: number }
  | { readonly done: false; readonly elapsedMs: number };

/**
 * Probes until `probe` returns a value other than `undefined`, pausing `everyMs` between probes,
 * for at most `timeoutMs` on the injected clock. A probe that throws ends the poll with that error.
 */
export async function pollUntil<T>(
  clock: Clock,
  options: PollOptions,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<PollOutcome<T>> {
  const started = clock.now();
  for (;;) {
    const value = await probe();
    const elapsedMs = clock.now() - started;
    if (value !== undefined) return { done: true, value, elapsedMs };
    if (elapsedMs >= options.timeoutMs || options.signal?.aborted) return { done: false, elapsedMs };
    await clock.sleep(Math.min(options.everyMs, options.timeoutMs - elapsedMs), options.signal);
  }
}
