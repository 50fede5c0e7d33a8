import { ClusterStartError } from '../../kit/errors/index.ts';
import { formatDuration, type Clock } from '../../kit/time/index.ts';

/** One look at whether an engine group is really ready, and if not, why not. */
export type Readiness = { ready: true; detail: string } | { ready: false; reason: string };

/** Ready, with what was seen. */
export const ready = (detail: string): Readiness => ({ ready: true, detail });
/** Not ready yet, and why. */
export const notReady = (reason: string): Readiness => ({ ready: false, reason });

/** How to wait for readiness. */
export interface AwaitReadyOptions {
  /** What is awaited, for the error, e.g. `redis cluster`. */
  what: string;
  clock: Clock;
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Checks until ready and resolves with the detail; past the timeout it throws a
 * ClusterStartError that carries the last reason seen. A check that throws counts as not ready.
 */
export async function awaitReady(
  check: () => Promise<Readiness>,
  options: AwaitReadyOptions,
): Promise<string> {
  const started = options.clock.now();
  let last = 'not checked yet';
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const result = await check();
      if (result.ready) return result.detail;
      last = result.reason;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (options.clock.now() - started >= options.timeoutMs) {
      throw new ClusterStartError(
        `${options.what} not ready after ${formatDuration(options.timeoutMs)}: ${last}`,
        { what: options.what },
      );
    }
    await options.clock.sleep(options.intervalMs ?? 1000, options.signal);
  }
}
