import {
  BrokenCircuitError,
  CircuitState,
  CountBreaker,
  IsolatedCircuitError,
  circuitBreaker,
  handleAll,
  type CircuitBreakerPolicy,
  type IDisposable,
} from 'cockatiel';
import type { BreakerOptions } from './breaker-options.ts';
import { OutcomeWindow } from './outcome-window.ts';

/** Breaker states, named as resilience4j names them so existing dashboards and alerts fit. */
export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN' | 'FORCED_OPEN' | 'FORCED_CLOSED';

/** A breaker's state and counters, as `/actuator/circuitbreakers` shows them. */
export interface BreakerSnapshot {
  state: BreakerState;
  failureRate: number;
  bufferedCalls: number;
  failedCalls: number;
  notPermittedCalls: number;
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
 * One named circuit breaker. The open/half-open logic is cockatiel's CountBreaker; this adds
 * what operators need around it: a name, counters, and manual force-open/force-close/reset.
 */
export class NamedBreaker {
  readonly name: string;
  readonly options: Readonly<BreakerOptions>;
  readonly #window: OutcomeWindow;
  #policy: CircuitBreakerPolicy;
  #isolation: IDisposable | undefined;
  #forcedClosed = false;
  #notPermitted = 0;
  #onTransition: ((state: BreakerState) => void) | undefined;
  #lastReported: BreakerState = 'CLOSED';

  constructor(name: string, options: Readonly<BreakerOptions>) {
    this.name = name;
    this.options = options;
    this.#window = new OutcomeWindow(options.windowSize);
    this.#policy = this.#createPolicy();
  }

  /** Runs `call` through the breaker; throws BreakerOpenError without running it while open. */
  async execute<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#forcedClosed) return this.#observe(call(new AbortController().signal));
    try {
      return await this.#policy.execute(({ signal }) => this.#observe(call(signal)));
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        this.#notPermitted += 1;
        throw new BreakerOpenError(this.name);
      }
      throw error;
    }
  }

  /** The current state. */
  get state(): BreakerState {
    if (this.#forcedClosed) return 'FORCED_CLOSED';
    switch (this.#policy.state) {
      case CircuitState.Closed:
        return 'CLOSED';
      case CircuitState.Open:
        return 'OPEN';
      case CircuitState.HalfOpen:
        return 'HALF_OPEN';
      case CircuitState.Isolated:
        return 'FORCED_OPEN';
    }
  }

  /** State and counters. */
  snapshot(): BreakerSnapshot {
    return {
      state: this.state,
      failureRate: this.#window.failureRate(this.options.minimumCalls),
      bufferedCalls: this.#window.buffered,
      failedCalls: this.#window.failed,
      notPermittedCalls: this.#notPermitted,
    };
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

  /** Back to CLOSED with an empty window and counters. */
  reset(): void {
    this.#release();
    this.#forcedClosed = false;
    this.#window.clear();
    this.#notPermitted = 0;
    this.#policy = this.#createPolicy();
    this.#report();
  }

  /** Registers the one listener told of every state change (the registry's log line). */
  onTransition(listener: (state: BreakerState) => void): void {
    this.#onTransition = listener;
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

  #createPolicy(): CircuitBreakerPolicy {
    const policy = circuitBreaker(handleAll, {
      halfOpenAfter: this.options.openMs,
      breaker: new CountBreaker({
        threshold: this.options.failureRateThreshold,
        size: this.options.windowSize,
        minimumNumberOfCalls: this.options.minimumCalls,
      }),
    });
    policy.onStateChange(() => this.#report());
    return policy;
  }

  async #observe<T>(pending: Promise<T>): Promise<T> {
    try {
      const value = await pending;
      this.#window.record(false);
      return value;
    } catch (error) {
      this.#window.record(true);
      throw error;
    }
  }
}
