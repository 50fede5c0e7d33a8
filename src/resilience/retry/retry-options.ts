/** How often and how patiently an idempotent call is tried again. */
export interface RetryOptions {
  /** Tries in all, the first included (1 = never retried). */
  attempts: number;
  /** The first backoff's scale; later ones grow exponentially, with decorrelated jitter. */
  initialDelayMs: number;
  /** No backoff is longer than this. */
  maxDelayMs: number;
}

/** Three tries, about 100 ms then 200 ms apart (jittered), never more than 1 s apart. */
export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  attempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 1000,
});
