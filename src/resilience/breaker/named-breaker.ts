import {
  BrokenCircuitError,
  CircuitState,
  IsolatedCircuitError,
  circuitBreaker,
  handleAll,
  type CircuitBreakerPolicy,
  type IDisposable,
} from 'cockatiel';
import { systemClock, type Clock } from '../../kit/time/index.ts';
import type { BreakerOptions } from './breaker-options.ts';
import { CountWindowBreaker } from './count-window-breaker.ts';
import { OpenPeriod } from './open-period.ts';

/** Breaker states, named as resilience4j names them so existing dashboards and alerts fit. */
export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'FORCED_OPEN' | 'FORCED_CLOSED';

/** A breaker's state and what it is judging, as `/actuator/circuitbreakers` shows them. */
export interface BreakerSnapshot {
  state: BreakerState;
  /** Percent of the window (of the probes while half-open); -1 until enough calls for a verdict. */
  failureRate: number;
  bufferedCalls: number;
  failedCalls: number;
  /** Calls refused since the last reset. */
  notPermittedCalls: number;
}

/** Every call the breaker has seen since it was created; never goes down (reset included). */
export interface BreakerCallTotals {
  successful: number;
  failed: number;
  notPermitted: number;
}

/** Thrown instead of running the call while the breaker is open. */
export class BreakerOpenError extends Error {
  readonly breaker: string;
  constructor(breaker: string) {
    super(`circuit breaker '${breaker}' is open`);
    this.name = 'BreakerOpenError';
    this.breaker = breaker;
  }
}

/**
 * One named circuit breaker. cockatiel's CircuitBreakerPolicy runs the states (closed, open,
 * half-open, isolated) and CountWindowBreaker makes its decisions; this adds what operators
 * need: a name, the open period on the injected clock, several half-open probes, counters, and
 * manual force-open/force-close/reset.
 */
export class NamedBreaker {
  readonly name: string;
  readonly options: Readonly<BreakerOptions>;
  readonly #clock: Clock;
  readonly #totals: BreakerCallTotals = { successful: 0, failed: 0, notPermitted: 0 };
  #decider!: CountWindowBreaker;
  #openPeriod!: OpenPeriod;
  #policy!: CircuitBreakerPolicy;
  #crossing: Promise<void> | undefined;
  #isolation: IDisposable | undefined;
  #forcedClosed = false;
  #notPermitted = 0;
  #onTransition: ((state: BreakerState) => void) | undefined;
  #lastReported: BreakerState = 'CLOSED';

  constructor(name: string, options: Readonly<BreakerOptions>, clock: Clock = systemClock) {
    this.name = name;
    this.options = options;
    this.#clock = clock;
    this.#rebuild();
  }

  /** Runs `call` through the breaker; throws BreakerOpenError without running it while open. */
  async execute<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#forcedClosed) return this.#count(call(new AbortController().signal));
    const state = this.#policy.state;
    // Refusing is the hot path of an outage: answer before entering cockatiel, which would refuse
    // the same way but allocate an error of its own first.
    if (state === CircuitState.Isolated) throw this.#refuse();
    if (state === CircuitState.Open) {
      if (!this.#openPeriod.elapsed()) throw this.#refuse();
      this.#crossIntoHalfOpen();
    }
    // Callers wait for the crossing in arrival order, so the first ones get the probes' permits.
    if (this.#crossing) await this.#crossing;
    if (!this.#decider.admit()) throw this.#refuse();
    try {
      return await this.#policy.execute(({ signal }) => this.#count(call(signal)));
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw this.#refuse();
      throw error;
    } finally {
      // The end of a trial closes the breaker without a cockatiel transition.
      this.#report();
    }
  }

  /** The current state. */
  get state(): BreakerState {
    if (this.#forcedClosed) return 'FORCED_CLOSED';
    switch (this.#policy.state) {
      case CircuitState.Closed:
        return this.#decider.phase === 'half-open' ? 'HALF_OPEN' : 'CLOSED';
      case CircuitState.Open:
        return 'OPEN';
      case CircuitState.HalfOpen:
        return 'HALF_OPEN';
      case CircuitState.Isolated:
        return 'FORCED_OPEN';
    }
  }

  /** State and what is being judged. */
  snapshot(): BreakerSnapshot {
    const judged = this.#decider.judged();
    return {
      state: this.state,
      failureRate: judged.failureRate,
      bufferedCalls: judged.buffered,
      failedCalls: judged.failed,
      notPermittedCalls: this.#notPermitted,
    };
  }

  /** Cumulative call counts, for counters that only go up. */
  totals(): Readonly<BreakerCallTotals> {
    return { ...this.#totals };
  }

  /** Holds the breaker open until reset, e.g. to shed a peer during an incident. */
  forceOpen(): void {
    this.#forcedClosed = false;
    this.#isolation ??= this.#policy.isolate();
    this.#report();
  }

  /** Lets every call through until reset, whatever the failure rate. */
  forceClose(): void {
    this.#forcedClosed = true;
    this.#release();
    this.#report();
  }

  /** Back to CLOSED with an empty window (the cumulative totals stay). */
  reset(): void {
    this.#release();
    this.#forcedClosed = false;
    this.#notPermitted = 0;
    this.#rebuild();
    this.#report();
  }

  /** Registers the one listener told of every state change (the registry's log line). */
  onTransition(listener: (state: BreakerState) => void): void {
    this.#onTransition = listener;
  }

  // cockatiel half-opens on the first call after its backoff; its probe here is empty and always
  // succeeds, which hands the half-open judgement to CountWindowBreaker's trial. Callers arriving
  // meanwhile wait for the crossing, then take the trial's permits.
  #crossIntoHalfOpen(): void {
    if (this.#crossing) return;
    this.#openPeriod.release();
    this.#crossing = this.#policy
      .execute(() => undefined)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.#crossing = undefined;
      });
  }

  #refuse(): BreakerOpenError {
    this.#notPermitted += 1;
    this.#totals.notPermitted += 1;
    return new BreakerOpenError(this.name);
  }

  async #count<T>(pending: Promise<T>): Promise<T> {
    try {
      const value = await pending;
      this.#totals.successful += 1;
      return value;
    } catch (error) {
      this.#totals.failed += 1;
      throw error;
    }
  }

  // cockatiel reports its own transitions too; tell the listener once per real change.
  #report(): void {
    const state = this.state;
    if (state === this.#lastReported) return;
    this.#lastReported = state;
    this.#onTransition?.(state);
  }

  #release(): void {
    this.#isolation?.dispose();
    this.#isolation = undefined;
  }

  #rebuild(): void {
    this.#decider = new CountWindowBreaker(this.options);
    this.#openPeriod = new OpenPeriod(this.#clock, this.options.openMs);
    this.#crossing = undefined;
    this.#policy = circuitBreaker(handleAll, { halfOpenAfter: this.#openPeriod, breaker: this.#decider });
    this.#policy.onStateChange(() => this.#report());
  }
}
