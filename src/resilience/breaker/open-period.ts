import type { IBackoff, IBackoffFactory, IHalfOpenAfterBackoffContext } from 'cockatiel';
import type { Clock } from '../../kit/time/index.ts';

/**
 * cockatiel's `halfOpenAfter`, measured on the injected Clock. cockatiel compares its backoff's
 * `duration` with `Date.now()`; this one answers +Infinity (keep rejecting) until NamedBreaker,
 * reading the Clock, releases it, then -Infinity (half-open on the next call). So unit tests
 * drive the open period with a fake clock, and a wall-clock jump cannot end it early.
 */
export class OpenPeriod
  implements IBackoffFactory<IHalfOpenAfterBackoffContext>, IBackoff<IHalfOpenAfterBackoffContext>
{
  readonly #clock: Clock;
  readonly #ms: number;
  #openedAt = 0;
  #released = false;

  constructor(clock: Clock, ms: number) {
    this.#clock = clock;
    this.#ms = ms;
  }

  /** cockatiel calls this each time the breaker opens: the period starts now. */
  next(): IBackoff<IHalfOpenAfterBackoffContext> {
    this.#openedAt = this.#clock.now();
    this.#released = false;
    return this;
  }

  /** What cockatiel compares with the time since it opened. */
  get duration(): number {
    return this.#released ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  /** True once the clock says the period is over. */
  elapsed(): boolean {
    return this.#clock.now() - this.#openedAt >= this.#ms;
  }

  /** Lets cockatiel half-open on its next call. */
  release(): void {
    this.#released = true;
  }
}
