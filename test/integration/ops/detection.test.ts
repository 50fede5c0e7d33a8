// Issue 18, proven live: detection that never goes quiet when it goes blind. On one local
// platform (the shared global setup), the two experiments of chaos/experiments/detection run
// through `butterfly chaos run` and PASS, while `butterfly status --json` is asked from the
// moment the fault holds the pod down: with the exporter held down ButterflyExporterDown's
// condition holds and status says it cannot tell (exit 2, the exporter named as not observed);
// with NEXUS held down ServiceUnreachable's holds (never CrossServicePartition's) and the
// diagnosis names nexus. Both within 10 s of the fault. The measured times go to
// $BUTTERFLY_DETECTION_MEASURES (default: a temp file, printed). Run under the engine lock:
// flock /tmp/butterfly-engines.lock npm run test:detection
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteRun } from '../../../src/chaos/report/index.ts';
import type { StatusReport } from '../../../src/ops/status/index.ts';
import { runButterfly, type CliRun } from '../../harness/butterfly-cli.ts';
import { FAULTS_STATE_DIR } from '../../harness/local-platform.ts';

/** The runbook's "within 10 seconds of the fault". */
const DETECTION_BUDGET_MS = 10_000;
/** Their own folder: `chaos run` with no name runs the runbook's experiments, these are run by path. */
const DETECTION_EXPERIMENTS = fileURLToPath(
  new URL('../../../chaos/experiments/detection/', import.meta.url),
);
const reportsDir = mkdtempSync(join(tmpdir(), 'bfy-detection-'));
const MEASURES = process.env.BUTTERFLY_DETECTION_MEASURES ?? join(reportsDir, 'measures.json');
const measures: Record<string, number> = {};

/** Runs `butterfly …` against the fault harness's platform. */
function butterfly(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  return runButterfly(args, FAULTS_STATE_DIR, timeoutMs);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function status(): Promise<{ code: number | null; report: StatusReport }> {
  const run = await butterfly(['status', '--json']);
  assert.ok(run.stdout.trim(), `status printed nothing (exit ${run.code}): ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) as StatusReport };
}

const alerts = (report: StatusReport) => report.alerts.map((alert) => `${alert.alert} ${alert.subject}`);

async function healthyWithin(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { code, report } = await status();
    if (code === 0) return;
    if (Date.now() > deadline)
      assert.fail(`status not healthy: ${report.diagnosis.verdict} ${JSON.stringify(report.diagnosis)}`);
    await sleep(2000);
  }
}

/** When the fault took hold: the moment its hold file appears (the pod is killed right after). */
async function heldAt(pod: string, withinMs: number): Promise<number> {
  const file = join(FAULTS_STATE_DIR, 'holds', pod);
  const deadline = Date.now() + withinMs;
  while (!existsSync(file)) {
    assert.ok(Date.now() < deadline, `${pod} was not held down within ${withinMs} ms`);
    await sleep(50);
  }
  return Date.now();
}

/**
 * Asks status from the fault on until `seen` says it shows the fault; records and returns how
 * long that took, and fails past the budget. `neverHealthy`: no answer in between says HEALTHY.
 */
async function statusShowing(
  faultAt: number,
  seen: (code: number | null, report: StatusReport) => boolean,
): Promise<{ report: StatusReport; ms: number }> {
  for (;;) {
    const { code, report } = await status();
    const ms = Date.now() - faultAt;
    assert.notEqual(
      report.diagnosis.verdict,
      'healthy',
      'status said HEALTHY for a cluster with a pod held down',
    );
    if (seen(code, report)) return { report, ms };
    assert.ok(
      ms <= DETECTION_BUDGET_MS,
      `not shown within ${ms} ms: exit ${code}, ${alerts(report).join('; ')}`,
    );
  }
}

/** Starts `chaos run <name>` in the background; the promise settles with its one run once it ends. */
function runExperiment(name: string): Promise<SuiteRun['runs'][number]> {
  const outputDir = join(reportsDir, name);
  const file = join(DETECTION_EXPERIMENTS, `${name}.yaml`);
  const run = butterfly(['chaos', 'run', file, '--output-dir', outputDir], 600_000);
  const done = run.then((result) => {
    assert.equal(result.code, 0, `chaos run ${name}:\n${result.stdout}\n${result.stderr}`);
    const suite = JSON.parse(readFileSync(join(outputDir, 'chaos-report.json'), 'utf8')) as SuiteRun;
    assert.equal(suite.runs.length, 1);
    return suite.runs[0]!;
  });
  // Awaited at the end of the test; a failure before that must not be an unhandled rejection.
  done.catch(() => undefined);
  return done;
}

test('exporter-down: ButterflyExporterDown holds and status says it cannot tell, within 10 s', async () => {
  await healthyWithin(120_000);
  const finished = runExperiment('exporter-down');
  const faultAt = await heldAt('butterfly-exporter', 120_000);
  let alertMs: number | undefined;
  const { report, ms } = await statusShowing(faultAt, (code, r) => {
    const holds = alerts(r).some((alert) => alert.startsWith('ButterflyExporterDown '));
    if (holds) alertMs ??= Date.now() - faultAt;
    return code === 2 && holds;
  });
  measures.ButterflyExporterDown = alertMs!;
  measures.statusCannotTell = ms;
  assert.equal(report.diagnosis.verdict, 'unknown');
  assert.ok(
    report.observations.unobserved.some((what) => what.startsWith('butterfly-exporter: ')),
    report.observations.unobserved.join('\n'),
  );
  assert.equal(report.observations.cassandra, undefined, 'no engine is claimed well while blind');
  assert.equal(report.observations.matrix, undefined);
  const run = await finished;
  assert.equal(run.verdict.result, 'PASS', run.verdict.reasons.join('; '));
  await healthyWithin(60_000);
});

test('service-down: ServiceUnreachable (not CrossServicePartition) and the diagnosis name nexus, within 10 s', async () => {
  await healthyWithin(60_000);
  const finished = runExperiment('service-down');
  const faultAt = await heldAt('nexus-service', 120_000);
  const { report, ms } = await statusShowing(
    faultAt,
    (code, r) => code === 1 && alerts(r).includes('ServiceUnreachable nexus'),
  );
  measures.ServiceUnreachable = ms;
  if (alerts(report).includes('ServiceScrapeDown nexus-service')) measures.ServiceScrapeDown = ms;
  assert.ok(
    !alerts(report).some((alert) => alert.startsWith('CrossServicePartition ')),
    alerts(report).join('; '),
  );
  assert.match(report.diagnosis.otherFindings.join('\n'), /nexus does not answer its health endpoint/);
  assert.equal(report.diagnosis.verdict, 'degraded');
  const run = await finished;
  assert.equal(run.verdict.result, 'PASS', run.verdict.reasons.join('; '));
  writeFileSync(MEASURES, JSON.stringify(measures, null, 2));
  console.log(`detection measures (${MEASURES}): ${JSON.stringify(measures)}`);
  await healthyWithin(60_000);
});
