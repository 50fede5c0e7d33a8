import { ExponentialBackoff, handleWhen, noop, retry, type IPolicy } from 'cockatiel';
import type { RetryOptions } from './retry-options.ts';

/**
 * cockatiel's retry, bounded: at most `attempts` tries, exponential backoff with decorrelated
 * jitter (so callers that failed together do not come back together) capped at `maxDelayMs`,
 * and only for the errors `shouldRetry` accepts. One attempt means no retry policy at all.
 */
export function boundedRetry(
  options: Readonly<RetryOptions>,
  shouldRetry: (error: Error) => boolean,
): IPolicy {
  if (options.attempts <= 1) return noop;
  return retry(handleWhen(shouldRetry), {
    maxAttempts: options.attempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs }),
  });
}
