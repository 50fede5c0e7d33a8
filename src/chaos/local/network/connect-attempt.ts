import { connect } from 'node:net';

/** One TCP connection attempt, from a bound source address or not. */
export interface ConnectAttempt {
  host: string;
  port: number;
  /** Bind the socket here first (a service pod's own address). */
  localAddress?: string;
  timeoutMs: number;
  /** Written once connected; the time to the first byte back is measured. */
  send?: string;
  /** How long to wait for that first byte. */
  replyWithinMs?: number;
}

/** How an attempt ended: a partition's DROP shows as a timeout, a closed port as refused. */
export interface AttemptOutcome {
  outcome: 'connected' | 'timeout' | 'refused' | 'error';
  code?: string;
  /** After `send`: milliseconds until the first byte came back. */
  replyAfterMs?: number;
}

/** The outcomes of many attempts, counted. */
export interface ProbeResult {
  attempts: number;
  connected: number;
  timedOut: number;
  refused: number;
  failed: number;
  replyAfterMs: number[];
}

/** Tries one connection. */
export function connectOnce(attempt: ConnectAttempt): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const socket = connect({
      host: attempt.host,
      port: attempt.port,
      ...(attempt.localAddress ? { localAddress: attempt.localAddress } : {}),
    });
    let settled = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), attempt.timeoutMs);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'error', code: error.code ?? 'unknown' }),
    );
    socket.on('connect', () => {
      if (attempt.send === undefined) return finish({ outcome: 'connected' });
      clearTimeout(timer);
      const sentAt = performance.now();
      const replyTimer = setTimeout(() => finish({ outcome: 'connected' }), attempt.replyWithinMs ?? 0);
      socket.once('data', () => {
        clearTimeout(replyTimer);
        finish({ outcome: 'connected', replyAfterMs: performance.now() - sentAt });
      });
      socket.write(attempt.send);
    });
  });
}

/** Tries `count` connections, `parallel` at a time, and counts how they ended. */
export async function connectMany(
  attempt: ConnectAttempt,
  count: number,
  parallel = 10,
): Promise<ProbeResult> {
  const result: ProbeResult = {
    attempts: count,
    connected: 0,
    timedOut: 0,
    refused: 0,
    failed: 0,
    replyAfterMs: [],
  };
  for (let done = 0; done < count; done += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, count - done) }, () => connectOnce(attempt)),
    );
    for (const outcome of batch) {
      if (outcome.outcome === 'connected') result.connected += 1;
      else if (outcome.outcome === 'timeout') result.timedOut += 1;
      else if (outcome.outcome === 'refused') result.refused += 1;
      else result.failed += 1;
      if (outcome.replyAfterMs !== undefined) result.replyAfterMs.push(outcome.replyAfterMs);
    }
  }
  return result;
}
