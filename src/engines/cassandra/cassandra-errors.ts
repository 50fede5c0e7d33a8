import { errors, types } from 'cassandra-driver';
import { ButterflyError, UpstreamUnavailableError, WriteUnavailableError } from '../../kit/errors/index.ts';
import type { StatementKind } from './cql-statement.ts';

/** How long a client should wait before retrying a statement the cluster could not serve. */
export const RETRY_AFTER_SECONDS = 2;

// Server answers that say "not enough replicas right now", not "your statement is wrong".
const UNAVAILABLE_CODES: ReadonlySet<number> = new Set([
  types.responseErrorCodes.unavailableException,
  types.responseErrorCodes.overloaded,
  types.responseErrorCodes.isBootstrapping,
  types.responseErrorCodes.writeTimeout,
  types.responseErrorCodes.readTimeout,
  types.responseErrorCodes.readFailure,
  types.responseErrorCodes.writeFailure,
]);

/** The driver's error behind one the session raised (it keeps the driver's as `cause`). */
export function driverErrorOf(error: unknown): unknown {
  return error instanceof ButterflyError && error.cause !== undefined ? error.cause : error;
}

/**
 * True when the connection to the coordinator broke while the statement was in flight (the node
 * died, `kill -9`): the driver retries only idempotent statements on another node, so others
 * (a lightweight transaction) surface this — and their outcome is unknown.
 */
export function isConnectionLoss(raised: unknown): boolean {
  const error = driverErrorOf(raised);
  return error instanceof errors.DriverError && (error as { isSocketError?: boolean }).isSocketError === true;
}

/** True when the error means the cluster could not serve the statement now (as opposed to a bug). */
export function isUnavailable(raised: unknown): boolean {
  const error = driverErrorOf(raised);
  if (isConnectionLoss(error)) return true;
  if (error instanceof errors.NoHostAvailableError) return true;
  if (error instanceof errors.OperationTimedOutError) return true;
  if (error instanceof errors.BusyConnectionError) return true;
  return error instanceof errors.ResponseError && UNAVAILABLE_CODES.has(error.code);
}

/**
 * The kit's error for a statement the cluster could not serve: a write is BFY_ERR_WRITE_UNAVAILABLE (503
 * with Retry-After), a read BFY_ERR_UPSTREAM_UNAVAILABLE naming `cassandra`. Anything else (a syntax
 * error, an invalid query) is a bug and passes through unchanged, to surface as a 500.
 */
export function storeErrorOf(error: unknown, kind: StatementKind): unknown {
  if (!isUnavailable(error)) return error;
  const reason = reasonOf(error);
  return kind === 'write'
    ? new WriteUnavailableError(`cassandra cannot take the write: ${reason}`, RETRY_AFTER_SECONDS, {
        cause: error,
      })
    : new UpstreamUnavailableError('cassandra', reason, RETRY_AFTER_SECONDS, { cause: error });
}

/** A short reason without node internals: the driver's message, first line only. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 300) ?? 'unknown';
}
