/** The last N call outcomes, for reporting failure rate and buffered/failed counts. */
export class OutcomeWindow {
  readonly #size: number;
  #outcomes: boolean[] = [];

  constructor(size: number) {
    this.#size = size;
  }

  /** Records one call: `true` for a failure. */
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
}
