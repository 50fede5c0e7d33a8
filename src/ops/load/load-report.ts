import type { LedgerResult } from '../../chaos/report/index.ts';
import { LOAD_OPERATIONS, type LoadMix, type LoadOperation } from './load-mix.ts';
import { MAX_ERROR_RATE, type LoadPlan } from './load-plan.ts';
import { isSuccess, type LatencyRecorder, type LatencySummary } from './latency-recorder.ts';
import type { OpenScheduleResult } from './open-schedule.ts';

/** One operation's figures. */
export interface OperationReport {
  /** `ok` and each error with its count. */
  results: Record<string, number>;
  /** From the intended start (the figure that counts). */
  latencyMs: LatencySummary;
  /** From the actual start. */
  serviceMs: LatencySummary;
}

/** What a run did: the machine-readable summary (`--json`). */
export interface LoadReport {
  runId: string;
  target: { ratePerSecond: number; durationMs: number; mix: LoadMix; tenants: number; scopes: number };
  schedule: { due: number; started: number; late: number; shed: number; achievedRatePerSecond: number };
  operations: Record<LoadOperation, OperationReport>;
  latencyMs: LatencySummary;
  errors: number;
  errorRate: number;
  maxErrorRate: number;
  ledger: LedgerResult;
  /** No acknowledged write lost or doubled and the error rate within maxErrorRate. */
  passed: boolean;
  reasons: string[];
}

/** Puts the schedule, the histograms and the ledger into one report and judges it. */
export function loadReport(
  plan: LoadPlan,
  schedule: OpenScheduleResult,
  recorder: LatencyRecorder,
  ledger: LedgerResult,
): LoadReport {
  const operations = Object.fromEntries(
    LOAD_OPERATIONS.map((op) => [
      op,
      {
        results: { ...recorder.results(op) },
        latencyMs: recorder.latency(op),
        serviceMs: recorder.serviceTime(op),
      },
    ]),
  ) as Record<LoadOperation, OperationReport>;
  const errors = LOAD_OPERATIONS.reduce(
    (sum, op) =>
      sum +
      Object.entries(operations[op].results)
        .filter(([result]) => !isSuccess(result))
        .reduce((total, [, count]) => total + count, 0),
    0,
  );
  const errorRate = schedule.due === 0 ? 0 : errors / schedule.due;
  const reasons = [
    ...(ledger.lost.length > 0 ? [`${ledger.lost.length} acknowledged writes lost`] : []),
    ...(ledger.duplicated.length > 0 ? [`${ledger.duplicated.length} writes duplicated`] : []),
    ...(errorRate > MAX_ERROR_RATE
      ? [`error rate ${percent(errorRate)} over ${percent(MAX_ERROR_RATE)}`]
      : []),
  ];
  return {
    runId: plan.runId,
    target: {
      ratePerSecond: plan.ratePerSecond,
      durationMs: plan.durationMs,
      mix: plan.mix,
      tenants: plan.tenants,
      scopes: plan.scopes,
    },
    schedule: {
      due: schedule.due,
      started: schedule.started,
      late: schedule.late,
      shed: schedule.shed,
      achievedRatePerSecond: round(schedule.started / (plan.durationMs / 1000)),
    },
    operations,
    latencyMs: recorder.overall(),
    errors,
    errorRate,
    maxErrorRate: MAX_ERROR_RATE,
    ledger,
    passed: reasons.length === 0,
    reasons,
  };
}

/** The summary for people. */
export function renderLoadReport(report: LoadReport): string {
  const { schedule, target, ledger } = report;
  const ms = (summary: LatencySummary) =>
    `p50 ${summary.p50}ms  p90 ${summary.p90}ms  p99 ${summary.p99}ms  p99.9 ${summary.p999}ms  max ${summary.max}ms`;
  const lines = [
    `load ${report.runId}: ${target.ratePerSecond}/s for ${target.durationMs / 1000}s over ${target.tenants} tenants × ${target.scopes} scopes`,
    `  schedule   ${schedule.started}/${schedule.due} started (${schedule.achievedRatePerSecond}/s), ${schedule.late} late, ${schedule.shed} shed`,
  ];
  for (const op of LOAD_OPERATIONS) {
    const operation = report.operations[op];
    if (operation.latencyMs.count === 0 && Object.keys(operation.results).length === 0) continue;
    const results = Object.entries(operation.results)
      .map(([result, count]) => `${result} ${count}`)
      .join(', ');
    lines.push(`  ${op.padEnd(10)} ${results}`);
    lines.push(`  ${''.padEnd(10)} latency  ${ms(operation.latencyMs)}`);
    lines.push(`  ${''.padEnd(10)} service  ${ms(operation.serviceMs)}`);
  }
  lines.push(`  all        latency  ${ms(report.latencyMs)}`);
  lines.push(
    `  errors     ${report.errors} (${percent(report.errorRate)}, at most ${percent(report.maxErrorRate)})`,
  );
  lines.push(
    `  ledger     ${ledger.acknowledged} acknowledged: ${ledger.lost.length} lost, ${ledger.duplicated.length} duplicated, ${ledger.unexpected.length} unexpected`,
  );
  for (const [name, ids] of [
    ['lost', ledger.lost],
    ['duplicated', ledger.duplicated],
    ['unexpected', ledger.unexpected],
  ] as const) {
    if (ids.length > 0)
      lines.push(`    ${name}: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`);
  }
  lines.push(report.passed ? 'load PASSED' : `load FAILED: ${report.reasons.join('; ')}`);
  return lines.join('\n') + '\n';
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
const round = (value: number) => Math.round(value * 10) / 10;
