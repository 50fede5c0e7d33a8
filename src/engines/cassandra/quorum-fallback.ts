import { isUnavailable } from './cassandra-errors.ts';

/** Why an answer was degraded: the value of the X-Butterfly-Degraded header and the metric label. */
export const QUORUM_LOST = 'cassandra-quorum-lost';

/** A read's value, and whether it came from the ONE fallback (possibly stale). */
export interface QuorumRead<T> {
  value: T;
  degraded: boolean;
}

/**
 * Runs a read at LOCAL_QUORUM and, when too few replicas answer (quorum lost: Unavailable, a read
 * timeout, no host), once more at ONE. With RF 3 and two nodes down the surviving replica still has
 * every write it acknowledged before the outage, so a ONE answer is what the runbook promises:
 * served, possibly missing the latest writes, and flagged. Anything else (a bad statement) throws.
 */
export async function readAtQuorumOrOne<T>(
  read: (options: { atOne: boolean }) => Promise<T>,
): Promise<QuorumRead<T>> {
  try {
    return { value: await read({ atOne: false }), degraded: false };
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    try {
      return { value: await read({ atOne: true }), degraded: true };
    } catch {
      // Not even one replica: report the quorum failure, the more telling of the two.
      throw error;
    }
  }
}
