import { systemClock, type Clock } from '../../kit/time/index.ts';
import { DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './breaker-options.ts';
import { NamedBreaker, type BreakerSnapshot, type BreakerState } from './named-breaker.ts';

/** The breakers of one service, by name. Each service builds its own; there is no global. */
export class BreakerRegistry {
  readonly #breakers = new Map<string, NamedBreaker>();
  readonly #defaults: Readonly<BreakerOptions>;
  readonly #onTransition: (name: string, state: BreakerState) => void;
  readonly #clock: Clock;

  constructor(
    defaults: Readonly<BreakerOptions> = DEFAULT_BREAKER_OPTIONS,
    onTransition: (name: string, state: BreakerState) => void = () => {},
    clock: Clock = systemClock,
  ) {
    this.#defaults = defaults;
    this.#onTransition = onTransition;
    this.#clock = clock;
  }

  /** The breaker of that name, created with the defaults (or `options`) on first use. */
  get(name: string, options: Partial<BreakerOptions> = {}): NamedBreaker {
    let breaker = this.#breakers.get(name);
    if (!breaker) {
      breaker = new NamedBreaker(name, Object.freeze({ ...this.#defaults, ...options }), this.#clock);
      breaker.onTransition((state) => this.#onTransition(name, state));
      this.#breakers.set(name, breaker);
    }
    return breaker;
  }

  /** An existing breaker, or undefined. */
  find(name: string): NamedBreaker | undefined {
    return this.#breakers.get(name);
  }

  /** Every breaker, sorted by name. */
  list(): NamedBreaker[] {
    return [...this.#breakers.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Snapshots of every breaker, by name. */
  snapshots(): Record<string, BreakerSnapshot> {
    return Object.fromEntries(this.list().map((breaker) => [breaker.name, breaker.snapshot()]));
  }
}
