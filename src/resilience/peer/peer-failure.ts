import { TaskCancelledError } from 'cockatiel';
import { BreakerOpenError } from '../breaker/index.ts';

/** Thrown inside the breaker for a 5xx answer so it counts as a failure. */
export class PeerServerError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`answered ${status}`);
    this.name = 'PeerServerError';
    this.status = status;
  }
}

// Gateway and overload answers may well differ next time; a 500 is most likely the same bug again.
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/**
 * True for a failure a second try may not repeat: no connection, no answer in time, 502/503/504.
 * Never for an open breaker (the point of it is not to call), another 5xx, or a body that could
 * not be read (it would come back the same).
 */
export function isTransientPeerFailure(error: Error): boolean {
  if (error instanceof BreakerOpenError || error instanceof SyntaxError) return false;
  if (error instanceof PeerServerError) return TRANSIENT_STATUSES.has(error.status);
  return true;
}

/** Why a call failed, in a few words an operator can act on: `circuit open`, `answered 503`, `ECONNREFUSED`. */
export function peerFailureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof BreakerOpenError) return 'circuit open';
  if (error instanceof PeerServerError) return error.message;
  if (
    error instanceof TaskCancelledError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  )
    return `no answer within ${timeoutMs}ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}
