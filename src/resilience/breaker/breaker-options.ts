/** How a named breaker decides to open and when it tries again. */
export interface BreakerOptions {
  /** Count-based sliding window: how many recent calls are judged. */
  windowSize: number;
  /** No verdict before this many calls are in the window. */
  minimumCalls: number;
  /** Failure share (0..1) of the window that opens the breaker. */
  failureRateThreshold: number;
  /** How long an open breaker rejects calls before letting a probe through. */
  openMs: number;
}

/** The defaults the runbook's prevention section asks for: window 10, 5 calls, 50%, 15 s open. */
export const DEFAULT_BREAKER_OPTIONS: Readonly<BreakerOptions> = Object.freeze({
  windowSize: 10,
  minimumCalls: 5,
  failureRateThreshold: 0.5,
  openMs: 15_000,
});
