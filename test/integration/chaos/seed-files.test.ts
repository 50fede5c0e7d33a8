// The user's own chaos files (shared/seed/chaos, read in place, never copied) run on the local
// platform with criteria derived from their words: `up --profile local --hosts`, then one
// `chaos run` per seed document below, each judged PASS with 0 acknowledged writes lost; `down`.
// Needs root and `butterfly setup`; run under the engine lock:
//   flock /tmp/butterfly-engines.lock timeout 1800 npm run test:chaos:seed
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteRun } from '../../../src/chaos/report/index.ts';
import { seedChaosDir } from '../../../src/chaos/spec/testing/seed-files.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(REPO, 'bin/butterfly.js');
const SEED_EXPERIMENTS = join(seedChaosDir(), 'experiments');
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-seed-'));
const reportsDir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-seed-reports-'));

/** The seed documents run here: one per store, kept to a bounded wall time (≤ 12 min). */
const DOCUMENTS = [
  'cassandra-node-failure/cassandra-node-failure',
  'postgres-primary-failure/postgres-primary-failure',
];

function butterfly(args: string[], timeoutMs: number) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, BUTTERFLY_STATE_DIR: stateDir },
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}`, wallMs: Date.now() - started };
}

before(() => {
  const up = butterfly(['up', '--profile', 'local', '--hosts', '--state-dir', stateDir], 600_000);
  assert.equal(up.code, 0, up.output);
});

after(() => {
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly(['down', '--state-dir', stateDir], 300_000);
  rmSync(stateDir, { recursive: true, force: true });
});

for (const document of DOCUMENTS) {
  test(`seed ${document} runs unchanged to PASS with derived criteria, 0 writes lost`, () => {
    const outputDir = join(reportsDir, document.replace('/', '--'));
    const result = butterfly(
      [
        'chaos',
        'run',
        document,
        '--dir',
        SEED_EXPERIMENTS,
        '--timeout',
        '600',
        '--state-dir',
        stateDir,
        '--output-dir',
        outputDir,
      ],
      900_000,
    );
    const suite = JSON.parse(readFileSync(join(outputDir, 'chaos-report.json'), 'utf8')) as SuiteRun;
    const [run] = suite.runs;
    assert.ok(run, result.output);
    process.stdout.write(
      `${document}: ${run.verdict.result} in ${Math.round(result.wallMs / 1000)}s; ` +
        `detected ${diff(run.timings.detectedAt, run.timings.faultInjectedAt)} ms, ` +
        `recovered ${diff(run.timings.recoveredAt, run.timings.faultRemovedAt)} ms\n`,
    );
    assert.equal(run.verdict.result, 'PASS', run.verdict.reasons.join('\n'));
    assert.ok(run.ledger, 'the derived criteria drive a ledgered workload');
    assert.equal(run.ledger.lost.length, 0);
    assert.equal(result.code, 0, result.output);
  });
}

function diff(end: number | undefined, start: number | undefined): number | undefined {
  return end !== undefined && start !== undefined ? end - start : undefined;
}
