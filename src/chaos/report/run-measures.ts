import type { ExperimentRun, SuiteRun } from './run-record.ts';

/** The numbers every report shows for one run, derived in one place so they always agree. */
export interface RunMeasures {
  durationMs: number;
  /** Fault injected → first detection. */
  detectionMs?: number;
  /** Fault removed → recovered. */
  recoveryMs?: number;
  /** Fault injected → fault removed (or the run's end when it never was). */
  faultWindowMs?: number;
  requests: number;
  errors: number;
  /** errors / requests, 0 when there were none. */
  errorRate: number;
  p50LatencyMs?: number;
  p99LatencyMs?: number;
  /** The rate the workload was asked to hold, writes per second. */
  targetRatePerSecond?: number;
  /** Requests the workload started per second from the fault's injection to the recovery (or its removal, if later): the load the fault met. */
  faultWindowRatePerSecond?: number;
  /** Acknowledged (2xx) writes per second of that window. */
  faultWindowAckRatePerSecond?: number;
}

/** The suite's totals: the suite passes only when every run passed. */
export interface SuiteMeasures {
  total: number;
  passed: number;
  failed: number;
  result: 'PASS' | 'FAIL';
  wallTimeMs: number;
}

/** The nearest-rank percentile (0 < p ≤ 100) of values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function between(from: number | undefined, to: number | undefined): number | undefined {
  return from === undefined || to === undefined ? undefined : Math.max(0, to - from);
}

/** Requests and acknowledged writes per second started inside [from, to); undefined without a window. */
function windowRates(
  run: ExperimentRun,
  from: number | undefined,
  to: number | undefined,
): { faultWindowRatePerSecond?: number; faultWindowAckRatePerSecond?: number } {
  if (from === undefined || to === undefined || to <= from || run.samples.length === 0) return {};
  const inside = run.samples.filter((sample) => sample.at >= from && sample.at < to);
  const seconds = (to - from) / 1000;
  return {
    faultWindowRatePerSecond: inside.length / seconds,
    faultWindowAckRatePerSecond: inside.filter((sample) => sample.ok).length / seconds,
  };
}

/** Derives a run's durations, request counts and latency percentiles from its record. */
export function measureRun(run: ExperimentRun): RunMeasures {
  const { timings } = run;
  const latencies = run.samples.map((s) => s.latencyMs);
  const errors = run.samples.filter((s) => !s.ok).length;
  const windowEnd =
    timings.faultRemovedAt ?? (timings.faultInjectedAt === undefined ? undefined : run.endedAt);
  return {
    durationMs: Math.max(0, run.endedAt - run.startedAt),
    detectionMs: between(timings.faultInjectedAt, timings.detectedAt),
    recoveryMs: between(timings.faultRemovedAt, timings.recoveredAt),
    faultWindowMs: between(timings.faultInjectedAt, windowEnd),
    requests: run.samples.length,
    errors,
    errorRate: run.samples.length === 0 ? 0 : errors / run.samples.length,
    p50LatencyMs: percentile(latencies, 50),
    p99LatencyMs: percentile(latencies, 99),
    ...(run.workloadRatePerSecond !== undefined ? { targetRatePerSecond: run.workloadRatePerSecond } : {}),
    // To the recovery, not the removal: a pod kill is removed at once, its effect lasts until then.
    ...windowRates(run, timings.faultInjectedAt, Math.max(windowEnd ?? 0, timings.recoveredAt ?? 0)),
  };
}

/** The load line every report shows: the target rate and what was held from the fault to recovery. */
export function describeLoad(m: RunMeasures): string | undefined {
  if (m.targetRatePerSecond === undefined) return undefined;
  const target = `target ${rate(m.targetRatePerSecond)}/s`;
  if (m.faultWindowRatePerSecond === undefined) return `${target}, no fault window`;
  return (
    `${target}, held ${rate(m.faultWindowRatePerSecond)}/s from the fault to recovery ` +
    `(${rate(m.faultWindowAckRatePerSecond ?? 0)}/s acknowledged)`
  );
}

function rate(perSecond: number): string {
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(1);
}

/** Counts passes and failures; an empty suite fails (nothing was proven). */
export function measureSuite(suite: SuiteRun): SuiteMeasures {
  const passed = suite.runs.filter((r) => r.verdict.result === 'PASS').length;
  const failed = suite.runs.length - passed;
  return {
    total: suite.runs.length,
    passed,
    failed,
    result: suite.runs.length > 0 && failed === 0 ? 'PASS' : 'FAIL',
    wallTimeMs: Math.max(0, suite.endedAt - suite.startedAt),
  };
}
