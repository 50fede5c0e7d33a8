/** Restart backoff, as Kubernetes applies to a crashing pod: doubling, capped, reset after a stable run. */
export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
  /** A run at least this long resets the backoff. */
  stableAfterMs: number;
}

/** Kubernetes' CrashLoopBackOff shape, scaled down for one machine. */
export const DEFAULT_RESTART_BACKOFF: RestartBackoff = {
  initialMs: 1000,
  maxMs: 30_000,
  stableAfterMs: 30_000,
};

/** The delay before restart number `attempt` (1-based). */
export function restartDelay(backoff: RestartBackoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
}
