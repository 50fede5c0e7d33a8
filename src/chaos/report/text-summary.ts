import { formatDuration } from '../../kit/time/index.ts';
import { describeLoad, measureRun, measureSuite } from './run-measures.ts';
import type { SuiteRun } from './run-record.ts';

function optionalDuration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

/** The text `butterfly chaos report <run-dir>` prints: totals, one line per experiment, the reasons of each failure. */
export function summarizeSuite(suite: SuiteRun): string {
  const totals = measureSuite(suite);
  const width = Math.max(10, ...suite.runs.map((r) => r.experiment.length));
  const lines = [
    `Chaos suite ${suite.id}: ${totals.result} — ${totals.passed} passed, ${totals.failed} failed (wall time ${formatDuration(totals.wallTimeMs)})`,
  ];
  if (suite.runs.length === 0) lines.push('  no experiment ran');
  for (const run of suite.runs) {
    const m = measureRun(run);
    const workload =
      m.requests === 0
        ? 'no workload'
        : `${m.requests} requests, ${(m.errorRate * 100).toFixed(1)}% errors, p99 ${optionalDuration(m.p99LatencyMs)}`;
    lines.push(
      `  ${run.verdict.result}  ${run.experiment.padEnd(width)}  ${run.target} ${run.mode}  ` +
        `detection ${optionalDuration(m.detectionMs)}  recovery ${optionalDuration(m.recoveryMs)}  ` +
        `took ${formatDuration(m.durationMs)}  ${workload}`,
    );
    const load = describeLoad(m);
    if (load) lines.push(`        load: ${load}`);
    if (run.ledger) {
      lines.push(
        `        ledger: ${run.ledger.acknowledged} acknowledged, ${run.ledger.lost.length} lost, ` +
          `${run.ledger.duplicated.length} duplicated, ${run.ledger.unexpected.length} unexpected`,
      );
    }
    if (run.verdict.result === 'FAIL')
      for (const reason of run.verdict.reasons)
        lines.push(`        - ${reason.replace(/\n/g, '\n          ')}`);
  }
  return `${lines.join('\n')}\n`;
}
