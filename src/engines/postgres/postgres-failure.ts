import { DatabaseError } from 'pg';

/** Where a connection to a member failed, which decides whether the statement may be retried. */
export type ConnectionPhase =
  /** Getting a connection (pool wait, TCP connect, authentication): the statement was never sent. */
  | 'acquire'
  /** While a statement ran, before any COMMIT was sent: an open transaction is rolled back by the server. */
  | 'in-flight'
  /** While COMMIT was in flight: it may or may not have committed. */
  | 'commit';

/**
 * A connection to a PostgreSQL member failed (refused, reset, closed by the server, timed out).
 * Internal to the router: it turns these into the kit's errors before a store sees them.
 */
export class ConnectionLostError extends Error {
  readonly phase: ConnectionPhase;
  readonly member: string;
  /** True when our own deadline (acquire or query timeout) gave up, not the network. */
  readonly timedOut: boolean;

  constructor(phase: ConnectionPhase, member: string, timedOut: boolean, cause: unknown) {
    super(`${member}: ${describeFailure(cause)}`, { cause });
    this.name = 'ConnectionLostError';
    this.phase = phase;
    this.member = member;
    this.timedOut = timedOut;
  }
}

/** Our own deadline passing (acquire or query timeout). */
export class DeadlineExceededError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms}ms`);
    this.name = 'DeadlineExceededError';
  }
}

/** What a failed statement means to the router. */
export type FailureKind =
  /** SQLSTATE 25006: a write reached a member that is (now) a replica — a failover happened. */
  | 'read-only'
  /** No connection could be had: nothing was sent. */
  | 'unreachable'
  /** The connection died while a statement ran (nothing committed if inside a transaction). */
  | 'lost'
  /** The connection died while COMMIT was in flight: the outcome is unknown. */
  | 'commit-unknown'
  /** The statement ran past the query timeout (ours, or the server's statement_timeout). */
  | 'timeout'
  /** Anything else — a constraint, a syntax error, the store's own error: the same on every member. */
  | 'statement';

/** The SQLSTATE of an error the server sent, if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  return error instanceof DatabaseError ? error.code : undefined;
}

/** Classifies an error thrown by a MemberPool. */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof ConnectionLostError) {
    if (error.phase === 'acquire') return 'unreachable';
    if (error.phase === 'commit') return 'commit-unknown';
    return error.timedOut ? 'timeout' : 'lost';
  }
  const state = sqlStateOf(error);
  if (state === '25006') return 'read-only';
  // query_canceled: the server's statement_timeout (set to the same query timeout) fired.
  if (state === '57014') return 'timeout';
  return 'statement';
}

/**
 * True when an error from a statement means the session is gone rather than that the statement
 * was refused: a socket error, or the server ending the session (class 08, admin or crash
 * shutdown, "cannot connect now"). Programming errors (TypeError, RangeError) are not.
 */
export function isSessionFailure(error: unknown): boolean {
  if (error instanceof DatabaseError) {
    const state = error.code ?? '';
    return state.startsWith('08') || ['57P01', '57P02', '57P03'].includes(state);
  }
  if (error instanceof TypeError || error instanceof RangeError) return false;
  return error instanceof Error;
}

/** A failure's message, for logs and error details (PostgreSQL's messages never hold passwords). */
export function describeFailure(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.map(describeFailure).join('; ');
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
