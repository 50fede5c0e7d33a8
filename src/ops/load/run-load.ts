import type { ServiceName } from '../../kit/platform/index.ts';
import type { Clock, TimerHandle } from '../../kit/time/index.ts';
import { serviceSend, type ServiceSend } from './http-send.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import { mixPicker } from './load-mix.ts';
import { loadOperations } from './load-operations.ts';
import type { LoadPlan } from './load-plan.ts';
import { loadReport, type LoadReport } from './load-report.ts';
import { loadTargets, readBackAll } from './load-targets.ts';
import { runOpenSchedule } from './open-schedule.ts';
import type { SecondProgress } from './progress-line.ts';

/** Where and how a run goes. */
export interface LoadRunOptions {
  plan: LoadPlan;
  urls: Readonly<Record<ServiceName, string>>;
  clock: Clock;
  /** Extra headers for every request (an API key). */
  headers?: Readonly<Record<string, string>>;
  /** Told once a second. */
  onSecond?(progress: SecondProgress): void;
  /** Told when the schedule ends and the ledger is being read back. */
  onReadBack?(acknowledged: number): void;
  /** The read-back gives up after this long without finding one more missing write (queued writes replay later). */
  readBackStallMs?: number;
  /** Requests in flight before a due start is shed (default: 10 s worth at the rate, at least 64). */
  maxInFlight?: number;
  signal?: AbortSignal;
}

/**
 * Runs the plan against the platform: an open-model schedule of golden loops, capsule writes
 * and page reads, each latency recorded from its intended start; then every acknowledged write
 * read back and reconciled (lost / duplicated / unexpected).
 */
export async function runLoad(options: LoadRunOptions): Promise<LoadReport> {
  const { plan, clock } = options;
  const headers = options.headers ?? {};
  const targets = loadTargets(plan, clock);
  const sends = tenantSends(options.urls.capsule, headers, plan.timeoutMs);
  const capsuleSend = (tenant: string) => sends.sendFor(tenant);
  const operations = loadOperations({
    runId: plan.runId,
    targets,
    capsuleSend,
    urls: options.urls,
    headers,
    now: () => clock.now(),
  });
  const recorder = new LatencyRecorder();
  const pick = mixPicker(plan.mix);
  const ticker = secondTicker(options, recorder);
  try {
    const schedule = await runOpenSchedule({
      clock,
      ratePerSecond: plan.ratePerSecond,
      durationMs: plan.durationMs,
      maxInFlight: options.maxInFlight ?? Math.max(64, plan.ratePerSecond * 10),
      ...(options.signal ? { signal: options.signal } : {}),
      onShed: () => recorder.shed(pick()),
      fire: async (start) => {
        ticker.started(1);
        const operation = pick();
        const result = await operations[operation](start.seq).catch(
          (error: unknown) => `thrown:${(error as Error).name}`,
        );
        const end = clock.now();
        recorder.record({
          operation,
          result,
          latencyMs: end - start.intendedAt,
          serviceMs: end - start.startedAt,
        });
        ticker.settled();
      },
    });
    ticker.stop();
    const acknowledged = targets.reduce((sum, target) => sum + target.ledger.length, 0);
    options.onReadBack?.(acknowledged);
    const ledger = await readBackAll(targets, {
      clock,
      stallMs: options.readBackStallMs ?? 30_000,
      maxWaitMs: 15 * 60_000,
      intervalMs: 2000,
      concurrency: 8,
      sendFor: capsuleSend,
    });
    return loadReport(plan, schedule, recorder, ledger);
  } finally {
    ticker.stop();
    sends.close();
  }
}

/** One keep-alive connection pool per tenant to a service, made on first use. */
function tenantSends(url: string, headers: Readonly<Record<string, string>>, timeoutMs: number) {
  const sends = new Map<string, ServiceSend>();
  return {
    sendFor(tenant: string) {
      let send = sends.get(tenant);
      if (!send) {
        send = serviceSend(url, { ...headers, 'x-tenant-id': tenant }, timeoutMs);
        sends.set(tenant, send);
      }
      return send.send;
    },
    close: () => {
      for (const send of sends.values()) send.close();
    },
  };
}

/** Tells `onSecond` each second what the last one did. */
function secondTicker(options: LoadRunOptions, recorder: LatencyRecorder) {
  const { clock } = options;
  const startedAt = clock.now();
  let second = 0;
  let started = 0;
  let inFlight = 0;
  let timer: TimerHandle | undefined;
  const tick = () => {
    second += 1;
    options.onSecond?.({
      second,
      started,
      targetRate: options.plan.ratePerSecond,
      inFlight,
      window: recorder.takeWindow(),
    });
    started = 0;
    timer = clock.schedule(startedAt + (second + 1) * 1000 - clock.now(), tick);
  };
  timer = clock.schedule(1000, tick);
  return {
    started: (count: number) => {
      started += count;
      inFlight += count;
    },
    settled: () => (inFlight -= 1),
    stop: () => timer?.cancel(),
  };
}
