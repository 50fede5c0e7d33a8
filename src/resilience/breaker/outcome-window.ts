/** The last N call outcomes, counted: the window a breaker judges and reports. */
export class OutcomeWindow {
  readonly #size: number;
  #outcomes: boolean[] = [];

  constructor(size: number) {
    this.#size = size;
  }

  /** Records one call: `true` for a failure. The oldest outcome leaves a full window. */
  record(failed: boolean): void {
    this.#outcomes.push(failed);
    if (this.#outcomes.length > this.#size) this.#outcomes.shift();
  }

  /** Forgets every outcome. */
  clear(): void {
    this.#outcomes = [];
  }

  get buffered(): number {
    return this.#outcomes.length;
  }

  get failed(): number {
    return this.#outcomes.filter(Boolean).length;
  }

  /** Failure percentage, or -1 until `minimumCalls` outcomes are buffered (as resilience4j reports). */
  failureRate(minimumCalls: number): number {
    if (this.buffered === 0 || this.buffered < minimumCalls) return -1;
    return (this.failed / this.buffered) * 100;
  }

  /**
   * True when at least `minimumCalls` are buffered and `thresholdPercent` or more of them failed.
   * Compared in integers: 7 of 10 is 70 % exactly, whatever 0.7 * 100 is in floating point.
   */
  reached(minimumCalls: number, thresholdPercent: number): boolean {
    return this.buffered >= minimumCalls && this.failed * 100 >= thresholdPercent * this.buffered;
  }

  /** The outcomes, oldest first, for saving the breaker's state. */
  toJSON(): boolean[] {
    return [...this.#outcomes];
  }

  /** Replaces the outcomes with saved ones (the newest `size` of them). */
  restore(outcomes: readonly boolean[]): void {
    this.#outcomes = outcomes.slice(-this.#size);
  }
}
