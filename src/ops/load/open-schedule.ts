import type { Clock, TimerHandle } from '../../kit/time/index.ts';

/** A start later than this after its intended time is counted as late. */
export const LATE_AFTER_MS = 10;

/** When one request was meant to start and when it did. */
export interface ScheduledStart {
  /** Sequence number, from 0. */
  seq: number;
  /** Intended start (clock milliseconds): `firstAt + seq × interval`, never moved. */
  intendedAt: number;
  /** Actual start (clock milliseconds). */
  startedAt: number;
  /** Started more than LATE_AFTER_MS after its intended time. */
  late: boolean;
}

/** How an open schedule runs. */
export interface OpenScheduleOptions {
  clock: Clock;
  ratePerSecond: number;
  durationMs: number;
  /** Starts one request; its promise settling ends it (it must not reject). */
  fire(start: ScheduledStart): Promise<void>;
  /**
   * Requests allowed in flight at once. A start due while this many hang is shed (counted,
   * not sent), so a platform that stops answering cannot exhaust the generator's sockets.
   */
  maxInFlight?: number;
  /** Told of each shed start. */
  onShed?(start: ScheduledStart): void;
  signal?: AbortSignal;
}

/** What the schedule did. */
export interface OpenScheduleResult {
  /** Starts due in the duration. */
  due: number;
  started: number;
  late: number;
  shed: number;
  /** Clock time of the first intended start. */
  firstAt: number;
  /** Clock time the last request in flight settled. */
  endedAt: number;
}

/**
 * Runs an open-model schedule: request `n` is due at `firstAt + n / rate` whatever the earlier
 * ones are doing, so a slow answer never delays the next start (no coordinated omission). A tick
 * that fires late starts every request already due at once, each keeping its intended time, so
 * the caller measures latency from when the request should have started.
 */
export async function runOpenSchedule(options: OpenScheduleOptions): Promise<OpenScheduleResult> {
  const { clock, signal } = options;
  const intervalMs = 1000 / options.ratePerSecond;
  const due = Math.floor((options.durationMs * options.ratePerSecond) / 1000);
  const maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
  const firstAt = clock.now();
  const inFlight = new Set<Promise<void>>();
  const counts = { started: 0, late: 0, shed: 0 };
  let seq = 0;
  let timer: TimerHandle | undefined;
  let finish!: () => void;
  const scheduled = new Promise<void>((resolve) => (finish = resolve));

  const startDue = (): void => {
    const now = clock.now();
    for (; seq < due && firstAt + seq * intervalMs <= now; seq += 1) {
      const intendedAt = firstAt + seq * intervalMs;
      const start = { seq, intendedAt, startedAt: now, late: now - intendedAt > LATE_AFTER_MS };
      if (inFlight.size >= maxInFlight) {
        counts.shed += 1;
        options.onShed?.(start);
        continue;
      }
      counts.started += 1;
      if (start.late) counts.late += 1;
      const request = options.fire(start).finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
  };
  const tick = (): void => {
    if (signal?.aborted) return finish();
    startDue();
    if (seq >= due) return finish();
    timer = clock.schedule(Math.max(0, firstAt + seq * intervalMs - clock.now()), tick);
  };
  const onAbort = (): void => {
    timer?.cancel();
    finish();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  tick();
  await scheduled;
  signal?.removeEventListener('abort', onAbort);
  await Promise.all(inFlight);
  return { due, ...counts, firstAt, endedAt: clock.now() };
}
