import type { Clock, TimerHandle } from './clock.ts';

/**
 * Settles with `work`, or rejects with `onTimeout()` once `ms` have passed on the injected clock.
 * Drivers bound only part of an operation (node-postgres cannot bound the wait for a pooled
 * client, ioredis's commandTimeout starts only at the socket), so callers add this outer bound.
 * `work` is abandoned, not cancelled: the caller decides what happens to it.
 */
export async function withDeadline<T>(
  clock: Clock,
  ms: number,
  work: Promise<T>,
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
