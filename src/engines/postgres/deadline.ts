import type { Clock, TimerHandle } from '../../kit/time/index.ts';

/**
 * Settles with `work`, or rejects with `onTimeout()` after `ms` on the injected clock — which
 * node-postgres cannot do by itself for the wait on a pool or for a statement's answer.
 * `work` keeps running after a timeout; the caller decides what to do with it.
 */
export async function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock,
  onTimeout: () => Error,
): Promise<T> {
  let timer: TimerHandle | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = clock.schedule(ms, () => reject(onTimeout()));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    timer?.cancel();
  }
}
