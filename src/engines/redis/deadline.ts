import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';

/**
 * Settles with `work`, or rejects after `ms` with an UpstreamUnavailableError naming `what`.
 * ioredis's own commandTimeout starts only when a command reaches a node's socket; its
 * redirection and failover retries before that are not bounded by it, so every operation gets
 * this outer deadline too. `work` is not cancelled (Redis commands cannot be), only abandoned.
 */
export function withDeadline<T>(clock: Clock, ms: number, what: string, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.schedule(ms, () =>
      reject(new UpstreamUnavailableError('redis', `${what}: no answer within ${ms}ms`, 1)),
    );
    work.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (error: Error) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}
