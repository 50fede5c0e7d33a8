import { escapeAttribute, escapeMarkup } from './markup-text.ts';
import { measureRun, measureSuite } from './run-measures.ts';
import type { ExperimentRun, SuiteRun } from './run-record.ts';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function property(name: string, value: string | number | undefined): string[] {
  return value === undefined
    ? []
    : [`        <property name="${escapeAttribute(name)}" value="${escapeAttribute(String(value))}"/>`];
}

function eventLine(run: ExperimentRun, event: ExperimentRun['events'][number]): string {
  const offset = seconds(event.at - run.startedAt);
  return `+${offset}s ${event.kind}${event.step === undefined ? '' : ` [${event.step}]`} ${event.detail}`;
}

function testcase(run: ExperimentRun): string {
  const measures = measureRun(run);
  const { timings } = run;
  const properties = [
    ...property('target', run.target),
    ...property('mode', run.mode),
    ...property('file', run.file),
    ...property(
      'timings.faultInjectedAt',
      timings.faultInjectedAt === undefined ? undefined : iso(timings.faultInjectedAt),
    ),
    ...property('timings.detectedAt', timings.detectedAt === undefined ? undefined : iso(timings.detectedAt)),
    ...property(
      'timings.faultRemovedAt',
      timings.faultRemovedAt === undefined ? undefined : iso(timings.faultRemovedAt),
    ),
    ...property(
      'timings.recoveredAt',
      timings.recoveredAt === undefined ? undefined : iso(timings.recoveredAt),
    ),
    ...property('timings.detectionMs', measures.detectionMs),
    ...property('timings.recoveryMs', measures.recoveryMs),
    ...property('workload.requests', measures.requests),
    ...property('workload.errors', measures.errors),
    ...property('workload.p99LatencyMs', measures.p99LatencyMs),
    ...property('workload.targetRatePerSecond', measures.targetRatePerSecond),
    ...property('workload.faultWindowRatePerSecond', measures.faultWindowRatePerSecond?.toFixed(1)),
    ...property('workload.faultWindowAckRatePerSecond', measures.faultWindowAckRatePerSecond?.toFixed(1)),
    ...property('ledger.acknowledged', run.ledger?.acknowledged),
    ...property('ledger.lost', run.ledger?.lost.length),
    ...property('ledger.duplicated', run.ledger?.duplicated.length),
    ...run.differences.flatMap((difference, i) => property(`difference.${i + 1}`, difference)),
  ];
  const lines = [
    `    <testcase name="${escapeAttribute(run.experiment)}" classname="chaos.${escapeAttribute(run.target)}" file="${escapeAttribute(run.file)}" time="${seconds(measures.durationMs)}">`,
    '      <properties>',
    ...properties,
    '      </properties>',
  ];
  if (run.verdict.result === 'FAIL') {
    const reasons =
      run.verdict.reasons.length > 0 ? run.verdict.reasons : ['the verdict is FAIL without a reason'];
    lines.push(
      `      <failure message="${escapeAttribute(reasons.join('; '))}" type="ChaosVerdict">${escapeMarkup(reasons.join('\n'))}</failure>`,
    );
  }
  lines.push(
    `      <system-out>${escapeMarkup(run.events.map((e) => eventLine(run, e)).join('\n'))}</system-out>`,
  );
  lines.push('    </testcase>');
  return lines.join('\n');
}

/**
 * The suite as JUnit XML (the testsuites/testsuite/testcase shape CI systems read): one testcase
 * per experiment, a `<failure>` carrying the verdict's reasons, timings as properties.
 */
export function renderJunitReport(suite: SuiteRun): string {
  const totals = measureSuite(suite);
  const time = seconds(totals.wallTimeMs);
  const suiteName = `butterfly chaos ${suite.id}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeAttribute(suiteName)}" tests="${totals.total}" failures="${totals.failed}" errors="0" time="${time}">`,
    `  <testsuite name="${escapeAttribute(suiteName)}" id="${escapeAttribute(suite.id)}" tests="${totals.total}" failures="${totals.failed}" errors="0" skipped="0" time="${time}" timestamp="${iso(suite.startedAt)}">`,
    ...suite.runs.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
