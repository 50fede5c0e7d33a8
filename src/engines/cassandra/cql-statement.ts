/** What a statement does to the data: reads are answered from replicas, writes change them. */
export type StatementKind = 'read' | 'write';

/** One CQL statement with its bound values and how the driver may treat it. */
export interface CqlStatement {
  readonly cql: string;
  readonly params: readonly unknown[];
  readonly kind: StatementKind;
  /** Safe to run twice: the driver may retry it or race a speculative copy on another node. */
  readonly idempotent: boolean;
  /** A lightweight transaction (`IF …`): Paxos at LOCAL_SERIAL, never retried blindly. */
  readonly lwt: boolean;
  /** A read that must see every committed lightweight transaction (LOCAL_SERIAL instead of LOCAL_QUORUM). */
  readonly serialRead: boolean;
}

/** A read at the default consistency: idempotent by nature. */
export function readStatement(cql: string, params: readonly unknown[]): CqlStatement {
  return { cql, params, kind: 'read', idempotent: true, lwt: false, serialRead: false };
}

/** A read at LOCAL_SERIAL: completes any in-flight Paxos round, so it sees every committed LWT. */
export function serialReadStatement(cql: string, params: readonly unknown[]): CqlStatement {
  return { cql, params, kind: 'read', idempotent: true, lwt: false, serialRead: true };
}

/**
 * A write that is safe to repeat: it carries its own write timestamp (`USING TIMESTAMP ?`), so a
 * retry, a speculative copy or a replay much later writes the same cells at the same instant.
 */
export function idempotentWrite(cql: string, params: readonly unknown[]): CqlStatement {
  if (!/\bUSING TIMESTAMP \?/.test(cql)) {
    throw new Error(`an idempotent write must carry its own timestamp (USING TIMESTAMP ?): ${cql}`);
  }
  return { cql, params, kind: 'write', idempotent: true, lwt: false, serialRead: false };
}

/**
 * A lightweight transaction. Not idempotent: a retry after an unknown outcome could see its own
 * first attempt as someone else's. Cassandra refuses `USING TIMESTAMP` on these.
 */
export function lightweightTransaction(cql: string, params: readonly unknown[]): CqlStatement {
  if (!/\bIF (NOT EXISTS|EXISTS|\w+\s*(=|!=|<|>|IN))/i.test(cql)) {
    throw new Error(`a lightweight transaction needs an IF condition: ${cql}`);
  }
  return { cql, params, kind: 'write', idempotent: false, lwt: true, serialRead: false };
}

/**
 * A write timestamp (microseconds since the epoch) for an ISO-8601 instant or epoch milliseconds.
 * A number is exact here: microseconds stay below 2^53 until the year 2255.
 */
export function writeTimestampOf(instant: string | number): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new Error(`not an instant: ${String(instant)}`);
  return Math.round(ms * 1000);
}

/**
 * A timestamp for a write that supersedes one made at `earlier`: `candidate`, but at least one
 * microsecond later, so an update never loses to its own earlier write when a clock steps back.
 */
export function supersedingTimestamp(earlier: number, candidate: number): number {
  return Math.max(earlier + 1, candidate);
}
