/** How a named breaker decides to open and when it tries again (resilience4j's terms). */
export interface BreakerOptions {
  /** Count-based sliding window: how many recent calls are judged. */
  windowSize: number;
  /** No verdict before this many calls are in the window (at most `windowSize`). */
  minimumCalls: number;
  /** Failure rate in percent (1..100) of the window, or of the half-open probes, that opens the breaker. */
  failureRateThreshold: number;
  /** How long an open breaker rejects calls before it lets probes through. */
  openMs: number;
  /** Probes let through in half-open; judged together, they close or re-open the breaker. */
  halfOpenCalls: number;
}

/** The defaults issue 5 and the runbook's prevention section ask for: window 10, 5 calls, 50 %, 15 s open, 3 probes. */
export const DEFAULT_BREAKER_OPTIONS: Readonly<BreakerOptions> = Object.freeze({
  windowSize: 10,
  minimumCalls: 5,
  failureRateThreshold: 50,
  openMs: 15_000,
  halfOpenCalls: 3,
});
