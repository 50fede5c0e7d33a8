// The chaos engine end to end on the local platform: `up --profile local --hosts`, the runbook's
// `run-chaos-suite.sh --experiment capsule-odyssey-partition --validate-only`, every experiment
// of chaos/experiments run and judged PASS, then a build whose ODYSSEY answers 500 while
// partitioned judged FAIL with the reason; `down`. Needs root and `butterfly setup`; run it
// under the engine lock: flock /tmp/butterfly-engines.lock npm run test:chaos
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noChaosChains } from '../../../src/chaos/local/index.ts';
import type { SuiteRun } from '../../../src/chaos/report/index.ts';
import { heldPods } from '../../../src/cluster/pod-holds.ts';
import { buildBrokenOdyssey, swapInBrokenOdyssey } from './broken-odyssey.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(REPO, 'bin/butterfly.js');
const SUITE_SCRIPT = join(REPO, 'chaos/scripts/run-chaos-suite.sh');
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-'));
const reportsDir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-reports-'));
/** Measured numbers for the closing note, kept beside the reports. */
const MEASURES = process.env.BUTTERFLY_CHAOS_MEASURES ?? join(reportsDir, 'measures.json');

function run(command: string, args: string[], timeoutMs: number) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, BUTTERFLY_STATE_DIR: stateDir },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: `${result.stdout}\n${result.stderr}`,
    wallMs: Date.now() - started,
  };
}

const butterfly = (args: string[], timeoutMs = 60_000) => run(process.execPath, [BIN, ...args], timeoutMs);

function readSuite(dir: string): SuiteRun {
  return JSON.parse(readFileSync(join(dir, 'chaos-report.json'), 'utf8')) as SuiteRun;
}

before(() => {
  const up = butterfly(['up', '--profile', 'local', '--hosts', '--state-dir', stateDir], 600_000);
  assert.equal(up.code, 0, up.output);
});

after(() => {
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly(['down', '--state-dir', stateDir], 300_000);
  rmSync(stateDir, { recursive: true, force: true });
});

test('run-chaos-suite.sh --experiment capsule-odyssey-partition --validate-only passes as the runbook uses it', () => {
  const outputDir = join(reportsDir, 'validate-only');
  const result = run(
    SUITE_SCRIPT,
    ['--experiment', 'capsule-odyssey-partition', '--validate-only', '--output-dir', outputDir, '--report'],
    300_000,
  );
  assert.equal(result.code, 0, result.output);
  const suite = readSuite(outputDir);
  assert.equal(suite.runs.length, 1);
  assert.equal(suite.runs[0]!.mode, 'validate-only');
  assert.equal(suite.runs[0]!.verdict.result, 'PASS', suite.runs[0]!.verdict.reasons.join('\n'));
  assert.ok(!suite.runs[0]!.events.some((event) => event.kind === 'fault-injected'), 'nothing is injected');
});

test('every experiment runs end to end on the local cluster and passes; nothing is left behind', async () => {
  const outputDir = join(reportsDir, 'suite');
  const result = butterfly(['chaos', 'run', '--state-dir', stateDir, '--output-dir', outputDir], 3_600_000);
  const suite = readSuite(outputDir);
  const measures = {
    suiteWallMs: result.wallMs,
    experiments: suite.runs.map((one) => ({
      experiment: one.experiment,
      result: one.verdict.result,
      reasons: one.verdict.reasons,
      detectionMs: diff(one.timings.detectedAt, one.timings.faultInjectedAt),
      recoveryMs: diff(one.timings.recoveredAt, one.timings.faultRemovedAt),
      acknowledgedWrites: one.ledger?.acknowledged,
      wallMs: one.endedAt - one.startedAt,
    })),
  };
  writeFileSync(MEASURES, JSON.stringify(measures, null, 2));
  assert.equal(result.code, 0, result.output);
  assert.equal(suite.runs.length, 7, 'the four files hold seven experiments');
  for (const one of suite.runs) {
    assert.equal(one.verdict.result, 'PASS', `${one.experiment}: ${one.verdict.reasons.join('; ')}`);
    assert.ok(one.timings.detectedAt !== undefined && one.timings.recoveredAt !== undefined, one.experiment);
    assert.ok(
      one.events.some((event) => event.kind === 'fault-bites'),
      `${one.experiment}: the fault was proven`,
    );
  }
  assert.equal(await noChaosChains(), true, 'no BFY iptables chain remains');
  assert.deepEqual(heldPods(stateDir), [], 'no pod is held down');
  const cleanup = butterfly(['chaos', 'cleanup', '--state-dir', stateDir]);
  assert.equal(cleanup.code, 0, cleanup.output);
  assert.match(cleanup.stdout, /nothing to clean up/);
});

test('an ODYSSEY whose fallback answers 500 while partitioned makes the partition experiment FAIL with the reason', async () => {
  const root = buildBrokenOdyssey();
  const restore = await swapInBrokenOdyssey(stateDir, root);
  const outputDir = join(reportsDir, 'broken');
  try {
    const result = butterfly(
      ['chaos', 'run', 'capsule-odyssey-partition', '--state-dir', stateDir, '--output-dir', outputDir],
      1_800_000,
    );
    assert.equal(result.code, 1, result.output);
    const [one] = readSuite(outputDir).runs;
    assert.equal(one!.verdict.result, 'FAIL');
    const reasons = one!.verdict.reasons.join('\n');
    assert.match(
      reasons,
      /probe 'odyssey-orchestrate-degraded' failed \d+× \(first: status 500, expected 200 or 503\)/,
    );
    assert.match(result.stdout, /FAIL/);
  } finally {
    await restore();
  }
  assert.equal(await noChaosChains(), true, 'the partition was removed although the run failed');
});

function diff(later: number | undefined, earlier: number | undefined): number | undefined {
  return later !== undefined && earlier !== undefined ? later - earlier : undefined;
}
