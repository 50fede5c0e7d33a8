import { errors, types } from 'cassandra-driver';
import type { CassandraSession } from './cassandra-session.ts';
import type { CqlStatement } from './cql-statement.ts';
import { driverErrorOf, isConnectionLoss, isUnavailable } from './cassandra-errors.ts';

// The protocol's code for "the coordinator timed out waiting for replicas to acknowledge a write".
const WRITE_TIMEOUT: number = types.responseErrorCodes.writeTimeout;
const UNAVAILABLE: number = types.responseErrorCodes.unavailableException;

/** Attempts of a claim whose outcome stayed unknown (Paxos contention, a timeout) before giving up. */
export const CLAIM_ATTEMPTS = 4;

/** Who holds a key after a claim, and whether it is this call. */
export type ClaimResult = { applied: true } | { applied: false; holder: types.Row };

/**
 * True when a write may or may not have happened: the coordinator timed out waiting for replicas
 * (for an LWT, often Paxos contention between concurrent claims of one key), the driver gave up
 * waiting for the coordinator, or the coordinator's connection broke with the statement in
 * flight. An Unavailable answer is not uncertain: nothing was written.
 */
export function isUncertainWrite(error: unknown): boolean {
  const cause = driverErrorOf(error);
  if (cause instanceof errors.OperationTimedOutError) return true;
  // The coordinator died with the statement in flight: it may have been applied.
  if (isConnectionLoss(cause)) return true;
  return cause instanceof errors.ResponseError && cause.code === WRITE_TIMEOUT;
}

/**
 * Claims a key with an `INSERT … IF NOT EXISTS` (`claim`). An unknown outcome is settled by
 * reading the key at LOCAL_SERIAL (`holderRead`), which finishes any Paxos round in flight: the
 * row there is ours (`isOurs`) or someone else's; no row means the claim never landed, and it is
 * tried again after a short, jittered pause. The claim itself is never blindly retried: a retry
 * that succeeded the first time would find its own row and take it for a stranger's.
 */
export async function claimKey(
  session: Pick<CassandraSession, 'execute' | 'clock'>,
  claim: CqlStatement,
  holderRead: CqlStatement,
  isOurs: (holder: types.Row) => boolean,
  options: { budgetMs?: number } = {},
): Promise<ClaimResult> {
  const { clock } = session;
  const started = clock.now();
  let lastError: unknown;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
    // Settling is bounded in time too: the caller must answer (or queue) while a client waits.
    if (attempt > 0 && clock.now() - started >= (options.budgetMs ?? Infinity)) break;
    if (attempt > 0) await clock.sleep(contentionPauseMs(attempt));
    try {
      const result = await session.execute(claim);
      if (result.wasApplied()) return { applied: true };
      return { applied: false, holder: result.first() };
    } catch (error) {
      if (!isUncertainWrite(error)) throw error;
      lastError = error;
    }
    try {
      const holder = (await session.execute(holderRead)).first();
      if (holder) return isOurs(holder) ? { applied: true } : { applied: false, holder };
    } catch (error) {
      // Too few replicas for any Paxos round: trying again cannot settle it while that lasts.
      if (isQuorumUnavailable(error)) throw lastError;
      // A serial read loses the same contention; the next attempt settles it.
      if (!isUnavailable(error) && !isUncertainWrite(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** True when the cluster said it has too few live replicas (nothing ran), not that it timed out. */
function isQuorumUnavailable(error: unknown): boolean {
  const cause = driverErrorOf(error);
  if (cause instanceof errors.NoHostAvailableError) return true;
  return cause instanceof errors.ResponseError && cause.code === UNAVAILABLE;
}

/** A pause that grows with the attempt and is jittered, so contenders stop colliding. */
export function contentionPauseMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = 25 * 2 ** attempt;
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
