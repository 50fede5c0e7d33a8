import type { LedgerResult, WorkloadSample } from '../report/index.ts';
import type { Clock, TimerHandle } from '../../kit/time/index.ts';
import { reconcile, type LedgerEntry } from './ledger.ts';
import type { Send, WorkloadTarget } from './workload-target.ts';

/** How the workload runs. */
export interface WorkloadOptions {
  target: WorkloadTarget;
  send: Send;
  clock: Clock;
  ratePerSecond: number;
  /** Prefix of every idempotency key (unique per run). */
  keyPrefix: string;
  /**
   * Requests allowed in flight at once; when a fault makes answers slow the workload skips
   * ticks instead of piling up connections (a skipped tick is not a sample).
   */
  maxInFlight?: number;
}

/** A running workload: every request sampled, every acknowledged write in the ledger. */
export interface RunningWorkload {
  readonly samples: readonly WorkloadSample[];
  readonly ledger: readonly LedgerEntry[];
  /** Every key sent, acknowledged or not. */
  readonly attemptedKeys: ReadonlySet<string>;
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
}

/**
 * Writes at a steady rate on the injected clock until stopped. Each write has its own
 * idempotency key and is never retried: a retry could hide a lost write behind a second one.
 */
export function startWorkload(options: WorkloadOptions): RunningWorkload {
  const { target, send, clock } = options;
  const intervalMs = 1000 / options.ratePerSecond;
  // Ten seconds of requests, as `butterfly load` sheds: at load a service answering in 2-3 s
  // (SYNAPSE on this 2-core machine) would otherwise skip ticks before any fault.
  const maxInFlight = options.maxInFlight ?? Math.max(4, Math.ceil(options.ratePerSecond * 10));
  const samples: WorkloadSample[] = [];
  const ledger: LedgerEntry[] = [];
  const attemptedKeys = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let seq = 0;
  let stopped = false;
  let timer: TimerHandle | undefined;
  const firstAt = clock.now();

  const writeOnce = async (n: number): Promise<void> => {
    const key = `${options.keyPrefix}-${n}`;
    attemptedKeys.add(key);
    const at = clock.now();
    const answer = await target.write(send, key, n);
    const ok = answer.status >= 200 && answer.status < 300;
    samples.push({ at, ok, status: answer.status, latencyMs: clock.now() - at });
    if (ok) ledger.push({ id: target.idOf(answer), key, status: answer.status, at });
  };

  const tick = (): void => {
    if (stopped) return;
    if (inFlight.size < maxInFlight) {
      const request = writeOnce(seq++).finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    // Scheduled from the start time, not the last tick, so the rate does not drift.
    const next = firstAt + Math.ceil((clock.now() - firstAt + 1) / intervalMs) * intervalMs;
    timer = clock.schedule(Math.max(0, next - clock.now()), tick);
  };
  tick();

  return {
    samples,
    ledger,
    attemptedKeys,
    async stop() {
      stopped = true;
      timer?.cancel();
      await Promise.all(inFlight);
    },
  };
}

/** Reads by id in flight at once while reading the ledger back. */
const READ_BACK_CONCURRENCY = 8;

/** How long and how often to read back. */
export interface ReadBackOptions {
  clock: Clock;
  /** Give up waiting for missing writes after this long (queued writes may still be replaying). */
  patienceMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

/**
 * Reads every acknowledged write back by id and by scope and reconciles. While writes are
 * missing it reads again until `patienceMs`: a write queued during the fault (202) is stored
 * only once its queue replays, and that is not a loss.
 */
export async function readBackLedger(
  workload: Pick<RunningWorkload, 'ledger' | 'attemptedKeys'> & { target: WorkloadTarget; send: Send },
  options: ReadBackOptions,
): Promise<LedgerResult> {
  const { target, send } = workload;
  const giveUpAt = options.clock.now() + options.patienceMs;
  const byId = new Map<string, boolean>();
  for (;;) {
    const pending = workload.ledger
      .map((entry) => entry.id)
      .filter((id): id is string => id !== undefined && byId.get(id) !== true);
    // A few reads at once: a ledger of thousands of writes (a run at load) is read in seconds.
    const readers = Array.from({ length: READ_BACK_CONCURRENCY }, async () => {
      for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
        const found = await target.exists(send, id);
        if (found === undefined) byId.delete(id);
        else byId.set(id, found);
      }
    });
    await Promise.all(readers);
    const scope = (await target.listScope(send)) ?? [];
    const result = reconcile(workload.ledger, workload.attemptedKeys, { byId, scope });
    if (result.lost.length === 0 || options.clock.now() >= giveUpAt || options.signal?.aborted) return result;
    await options.clock.sleep(options.intervalMs, options.signal).catch(() => undefined);
  }
}
