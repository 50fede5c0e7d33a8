import { CircuitState, type IBreaker } from 'cockatiel';
import type { BreakerOptions } from './breaker-options.ts';
import { OutcomeWindow } from './outcome-window.ts';

/** What the breaker is judging: the sliding window (closed), nothing (open), or the probes (half-open). */
export type WindowPhase = 'closed' | 'open' | 'half-open';

/** The saved form of a CountWindowBreaker (cockatiel's `toJSON()` carries it). */
export type CountWindowState =
  | { phase: 'closed' | 'open'; window: boolean[] }
  | { phase: 'half-open'; window: boolean[]; probes: boolean[]; admitted: number };

/** The counts a breaker reports for what it is judging now. */
export interface JudgedCalls {
  buffered: number;
  failed: number;
  /** Percent, or -1 until enough calls are buffered for a verdict. */
  failureRate: number;
}

/**
 * The decision half of a named breaker, driven by cockatiel's CircuitBreakerPolicy: a count-based
 * sliding window while closed, then after an open period a trial of `halfOpenCalls` probes judged
 * together, as resilience4j judges them.
 *
 * cockatiel's own half-open admits one call and settles on it alone. So NamedBreaker crosses
 * cockatiel's half-open with an empty probe, whose success (`success(HalfOpen)`) starts the trial
 * here; the real probes then run while cockatiel is closed, and the failure that makes the
 * probes' failure rate certain to reach the threshold answers `true`, so cockatiel opens again.
 * All probes in and under the threshold: back to a fresh window. An open verdict is always
 * reached on a failure (a success only lowers the rate), which is the only moment cockatiel
 * lets a breaker open. One gap remains: a window that reaches the threshold on the success
 * that completes `minimumCalls` opens at its next failure, not on that success.
 */
export class CountWindowBreaker implements IBreaker {
  readonly #options: Readonly<BreakerOptions>;
  readonly #window: OutcomeWindow;
  readonly #probes: OutcomeWindow;
  #phase: WindowPhase = 'closed';
  #admitted = 0;

  constructor(options: Readonly<BreakerOptions>) {
    this.#options = options;
    this.#window = new OutcomeWindow(options.windowSize);
    this.#probes = new OutcomeWindow(options.halfOpenCalls);
  }

  /** The current phase. */
  get phase(): WindowPhase {
    return this.#phase;
  }

  /** @inheritdoc cockatiel's serialisation hook. */
  get state(): unknown {
    const window = this.#window.toJSON();
    if (this.#phase !== 'half-open') return { phase: this.#phase, window } satisfies CountWindowState;
    return {
      phase: 'half-open',
      window,
      probes: this.#probes.toJSON(),
      admitted: this.#admitted,
    } satisfies CountWindowState;
  }

  set state(value: unknown) {
    const saved = value as CountWindowState;
    this.#phase = saved.phase;
    this.#window.restore(saved.window);
    this.#probes.restore(saved.phase === 'half-open' ? saved.probes : []);
    this.#admitted = saved.phase === 'half-open' ? saved.admitted : 0;
  }

  /** @inheritdoc */
  success(state: CircuitState): void {
    if (state === CircuitState.HalfOpen) {
      this.#startTrial();
      return;
    }
    this.#record(false);
  }

  /** @inheritdoc */
  failure(state: CircuitState): boolean {
    // The empty probe cannot fail; were cockatiel ever to half-open on a real call, its verdict stands.
    if (state === CircuitState.HalfOpen) {
      this.#phase = 'open';
      return true;
    }
    return this.#record(true);
  }

  /** Takes one of the half-open permits; false once all are taken. Always true outside half-open. */
  admit(): boolean {
    if (this.#phase !== 'half-open') return true;
    if (this.#admitted >= this.#options.halfOpenCalls) return false;
    this.#admitted += 1;
    return true;
  }

  /** What is being judged now: the probes while half-open, the window otherwise. */
  judged(): JudgedCalls {
    const [window, minimum] =
      this.#phase === 'half-open'
        ? [this.#probes, this.#options.halfOpenCalls]
        : [this.#window, this.#options.minimumCalls];
    return { buffered: window.buffered, failed: window.failed, failureRate: window.failureRate(minimum) };
  }

  // A call counts in the phase it ends in. The peer timeout is far shorter than the open period,
  // so a call from before an open period cannot end among the probes after it.
  #record(failed: boolean): boolean {
    const { failureRateThreshold: threshold, minimumCalls, halfOpenCalls } = this.#options;
    switch (this.#phase) {
      case 'open':
        return false;
      case 'closed':
        this.#window.record(failed);
        return failed && this.#open(this.#window.reached(minimumCalls, threshold));
      case 'half-open':
        this.#probes.record(failed);
        if (failed && this.#probes.failed * 100 >= threshold * halfOpenCalls) return this.#open(true);
        if (this.#probes.buffered === halfOpenCalls) {
          this.#phase = 'closed';
          this.#window.clear();
        }
        return false;
    }
  }

  #open(verdict: boolean): boolean {
    if (verdict) this.#phase = 'open';
    return verdict;
  }

  #startTrial(): void {
    this.#phase = 'half-open';
    this.#probes.clear();
    this.#admitted = 0;
  }
}
