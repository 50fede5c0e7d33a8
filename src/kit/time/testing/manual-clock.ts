import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock, TimerHandle } from '../clock.ts';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock for unit tests that moves only when told: `advance` runs every timer due on the way,
 * letting promises settle between them, so multi-step async logic (a workflow, a workload) can
 * be driven through minutes of fake time in a few milliseconds.
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #seq = 0;

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  /** Fake epoch milliseconds. */
  now(): number {
    return this.#now;
  }

  /** Runs `fn` once the clock has been advanced past `ms` from now. */
  schedule(ms: number, fn: () => void): TimerHandle {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return { cancel: () => (this.#timers = this.#timers.filter((t) => t !== timer)) };
  }

  /** Resolves once the clock passes `ms` from now; rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const handle = this.schedule(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        handle.cancel();
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Timers not yet run. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, running each due timer in order and letting promises settle. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#next();
      if (!next || next.at > target) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = target;
    await settle();
  }

  /** Advances timer by timer until `promise` settles (or `maxMs` of fake time passed); returns its value. */
  async until<T>(promise: Promise<T>, maxMs = 3_600_000): Promise<T> {
    let done = false;
    const watched = promise.finally(() => (done = true));
    const giveUpAt = this.#now + maxMs;
    while (!done && this.#now < giveUpAt) {
      await settle();
      if (done) break;
      const next = this.#next();
      await this.advance(next ? Math.max(0, next.at - this.#now) : giveUpAt - this.#now);
    }
    return watched;
  }

  #next(): Timer | undefined {
    return [...this.#timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await nextTurn();
}
